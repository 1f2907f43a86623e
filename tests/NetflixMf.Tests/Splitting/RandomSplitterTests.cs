using NetflixMf.Data;
using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class RandomSplitterTests
{
    [Fact]
    public void Split_AnyData_IsDisjointCompleteAndExactFraction()
    {
        var data = SplitTestData.Create();
        var split = new RandomSplitter(0.2, seed: 1).Split(data);

        SplitTestData.ShouldPartition(split, data);
        split.Test.Count.Should().Be((int)Math.Round(data.Count * 0.2));
    }

    [Fact]
    public void Split_SameSeed_GivesIdenticalPositions()
    {
        var data = SplitTestData.Create();
        var a = new RandomSplitter(0.3, seed: 42).Split(data);
        var b = new RandomSplitter(0.3, seed: 42).Split(data);

        a.Test.Positions.ToArray().Should().Equal(b.Test.Positions.ToArray());
        a.Train.Positions.ToArray().Should().Equal(b.Train.Positions.ToArray());
    }

    [Fact]
    public void Split_DifferentSeeds_GiveDifferentTestSets()
    {
        var data = SplitTestData.Create();
        var a = new RandomSplitter(0.3, seed: 1).Split(data);
        var b = new RandomSplitter(0.3, seed: 2).Split(data);

        a.Test.Positions.ToArray().Should().NotEqual(b.Test.Positions.ToArray());
    }

    [Fact]
    public void Split_OfAView_OnlyUsesTheViewsRatings()
    {
        var data = SplitTestData.Create();
        var outer = new RandomSplitter(0.5, seed: 3).Split(data);
        var inner = new RandomSplitter(0.25, seed: 4).Split(outer.Train);

        SplitTestData.ShouldPartition(inner, outer.Train);
        SplitTestData.PositionsOf(inner.Test).Intersect(SplitTestData.PositionsOf(outer.Test)).Should().BeEmpty();
    }

    [Fact]
    public void Split_TestPositions_LookUniform()
    {
        var data = SplitTestData.Create();
        var test = SplitTestData.PositionsOf(new RandomSplitter(0.5, seed: 5).Split(data).Test);

        // The first and second halves of the data each hold about half of the test ratings.
        int firstHalf = test.Count(p => p < data.Count / 2);
        firstHalf.Should().BeCloseTo(test.Length / 2, (uint)(test.Length / 10));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_FractionOutsideOpenUnitInterval_ThrowsNamingTheParameter(double fraction)
    {
        var act = () => new RandomSplitter(fraction, seed: 0);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
    }

    [Fact]
    public void TrainTestSplit_ViewsOfDifferentSets_Throws()
    {
        var a = SplitTestData.Create(seed: 1);
        var b = SplitTestData.Create(seed: 2);

        var act = () => new TrainTestSplit(a.All(), new RatingView(b, [0]));

        act.Should().Throw<ArgumentException>();
    }
}
