using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class TemporalSplitterTests
{
    [Fact]
    public void Split_AnyData_IsDisjointAndComplete()
    {
        var data = SplitTestData.Create();
        SplitTestData.ShouldPartition(new TemporalSplitter(0.2, seed: 1).Split(data), data);
    }

    [Fact]
    public void Split_EachUser_TestRatingsAreTheLatest()
    {
        var data = SplitTestData.Create();
        var split = new TemporalSplitter(0.3, seed: 2).Split(data);

        var latestTrain = SplitTestData.PositionsOf(split.Train).GroupBy(p => data.UserIndices[p]).ToDictionary(g => g.Key, g => g.Max(p => data.DayNumbers[p]));
        var test = SplitTestData.PositionsOf(split.Test);
        test.Should().NotBeEmpty();
        foreach (int p in test)
        {
            latestTrain.Should().ContainKey(data.UserIndices[p], "every user keeps a training rating");
            data.DayNumbers[p].Should().BeGreaterThanOrEqualTo(latestTrain[data.UserIndices[p]]);
        }
        ((double)test.Length / data.Count).Should().BeApproximately(0.3, 0.04);
    }

    [Fact]
    public void Split_StrictlyLaterDays_AlwaysGoToTestFirst()
    {
        // One user with ten ratings on ten different days: the three latest days must be the test set.
        var data = new NetflixMf.Data.RatingSet(
            NetflixMf.Indexing.IdIndex.FromIds([5]), NetflixMf.Indexing.IdIndex.FromIds(Enumerable.Range(1, 10)),
            new int[10], [.. Enumerable.Range(0, 10)], [.. Enumerable.Repeat(3f, 10)],
            [5, 1, 9, 3, 7, 2, 8, 4, 6, 0], NetflixMf.Data.RatingScale.Netflix);

        var test = SplitTestData.PositionsOf(new TemporalSplitter(0.3, seed: 0).Split(data).Test);

        test.Select(p => (int)data.DayNumbers[p]).Should().BeEquivalentTo([9, 8, 7]);
    }

    [Fact]
    public void Split_SameSeed_Reproduces()
    {
        var data = SplitTestData.Create();
        var a = new TemporalSplitter(0.2, seed: 4).Split(data).Test.Positions.ToArray();
        var b = new TemporalSplitter(0.2, seed: 4).Split(data).Test.Positions.ToArray();
        a.Should().Equal(b);
    }

    [Fact]
    public void Split_WithoutDates_ThrowsExplainingWhy()
    {
        var data = SplitTestData.Create(withDates: false);
        var act = () => new TemporalSplitter(0.2, seed: 0).Split(data);
        act.Should().Throw<ArgumentException>().WithMessage("*date*HasDates*");
    }

    [Fact]
    public void Constructor_BadFraction_Throws()
    {
        var act = () => new TemporalSplitter(1.0, seed: 0);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
    }
}

public sealed class TemporalSplitterQuickselectTests
{
    [Fact]
    public void Quickselect_RandomDistinctKeys_PlacesTheKthSmallestWithSmallerBeforeAndLargerAfter()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = random.Next(1, 200);
            var keys = Enumerable.Range(0, n).Select(_ => random.NextInt64()).Distinct().ToArray();
            int k = random.Next(keys.Length);
            var sorted = keys.Order().ToArray();

            TemporalSplitter.Quickselect(keys, k);

            keys[k].Should().Be(sorted[k]);
            keys[..k].All(x => x < sorted[k]).Should().BeTrue();
            keys[(k + 1)..].All(x => x > sorted[k]).Should().BeTrue();
        }
    }
}
