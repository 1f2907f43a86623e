using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class KFoldSplitterTests
{
    [Fact]
    public void Split_FiveFolds_TestEveryRatingExactlyOnce()
    {
        var data = SplitTestData.Create();
        var splits = new KFoldSplitter(5, seed: 1).Split(data);

        splits.Should().HaveCount(5);
        foreach (var split in splits) SplitTestData.ShouldPartition(split, data);
        var allTests = splits.SelectMany(s => SplitTestData.PositionsOf(s.Test)).ToArray();
        allTests.Should().OnlyHaveUniqueItems().And.HaveCount(data.Count);
        var sizes = splits.Select(s => s.Test.Count).ToArray();
        (sizes.Max() - sizes.Min()).Should().BeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Split_SameSeed_Reproduces_DifferentSeed_Differs()
    {
        var data = SplitTestData.Create();
        var a = new KFoldSplitter(3, seed: 7).Split(data)[0].Test.Positions.ToArray();
        var b = new KFoldSplitter(3, seed: 7).Split(data)[0].Test.Positions.ToArray();
        var c = new KFoldSplitter(3, seed: 8).Split(data)[0].Test.Positions.ToArray();

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(256)]
    public void Constructor_BadFoldCount_ThrowsNamingTheParameter(int folds)
    {
        var act = () => new KFoldSplitter(folds, seed: 0);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("folds");
    }

    [Fact]
    public void Split_FewerRatingsThanFolds_Throws()
    {
        var data = SplitTestData.Create();
        var tiny = new NetflixMf.Data.RatingView(data, [0, 1]);
        var act = () => new KFoldSplitter(3, seed: 0).Split(tiny);
        act.Should().Throw<ArgumentException>();
    }
}
