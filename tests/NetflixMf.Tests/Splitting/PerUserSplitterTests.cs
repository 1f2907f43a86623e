using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class PerUserSplitterTests
{
    [Fact]
    public void Split_AnyData_IsDisjointAndComplete()
    {
        var data = SplitTestData.Create();
        SplitTestData.ShouldPartition(new PerUserSplitter(0.25, seed: 1).Split(data), data);
    }

    [Fact]
    public void Split_EveryUser_KeepsAtLeastOneTrainingRating()
    {
        var data = SplitTestData.Create();
        // A large fraction pushes users with 2..3 ratings towards holding out everything.
        var split = new PerUserSplitter(0.9, seed: 2).Split(data);

        var trainUsers = SplitTestData.PositionsOf(split.Train).Select(p => data.UserIndices[p]).ToHashSet();
        var allUsers = Enumerable.Range(0, data.Count).Select(p => data.UserIndices[p]).ToHashSet();
        trainUsers.SetEquals(allUsers).Should().BeTrue();
    }

    [Fact]
    public void Split_EachUser_HoldsOutAboutTheFraction()
    {
        var data = SplitTestData.Create();
        var split = new PerUserSplitter(0.25, seed: 3).Split(data);

        var testPerUser = SplitTestData.PositionsOf(split.Test).GroupBy(p => data.UserIndices[p]).ToDictionary(g => g.Key, g => g.Count());
        foreach (var user in Enumerable.Range(0, data.Count).GroupBy(p => data.UserIndices[p]))
        {
            int count = user.Count();
            int held = testPerUser.GetValueOrDefault(user.Key);
            // Stochastic rounding: floor or ceiling of count x fraction, never everything.
            held.Should().BeInRange((int)Math.Floor(count * 0.25), Math.Min((int)Math.Ceiling(count * 0.25), count - 1));
        }
        ((double)split.Test.Count / data.Count).Should().BeApproximately(0.25, 0.03);
    }

    [Fact]
    public void Split_SameSeed_Reproduces_DifferentSeed_Differs()
    {
        var data = SplitTestData.Create();
        var a = new PerUserSplitter(0.2, seed: 9).Split(data).Test.Positions.ToArray();
        var b = new PerUserSplitter(0.2, seed: 9).Split(data).Test.Positions.ToArray();
        var c = new PerUserSplitter(0.2, seed: 10).Split(data).Test.Positions.ToArray();

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Constructor_BadFraction_Throws(double fraction)
    {
        var act = () => new PerUserSplitter(fraction, seed: 0);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
    }
}
