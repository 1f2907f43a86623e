using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class ProbeSplitterTests
{
    [Fact]
    public void Split_ProbePairs_AreExactlyTheTestSetAndRemovedFromTrain()
    {
        var data = SplitTestData.Create();
        // Every 13th rating is a probe pair, given with raw ids in shuffled order.
        var probePositions = Enumerable.Range(0, data.Count).Where(p => p % 13 == 0).ToArray();
        var pairs = probePositions.Select(p => (data[p].UserId, data[p].MovieId)).Reverse().ToList();

        var split = new ProbeSplitter(pairs).Split(data, out int unmatched);

        unmatched.Should().Be(0);
        SplitTestData.PositionsOf(split.Test).Order().Should().Equal(probePositions);
        SplitTestData.ShouldPartition(split, data);
        var probeSet = pairs.ToHashSet();
        SplitTestData.PositionsOf(split.Train).Should().NotContain(p => probeSet.Contains(new(data[p].UserId, data[p].MovieId)));
    }

    [Fact]
    public void Split_PairsNotInTheData_AreCountedAsUnmatched()
    {
        var data = SplitTestData.Create();
        var rated = (data[0].UserId, data[0].MovieId);
        int unratedMovie = Enumerable.Range(1, 120).First(m => !Enumerable.Range(0, data.Count).Any(p => data[p].UserId == rated.UserId && data[p].MovieId == m));
        var pairs = new List<(int, int)>
        {
            rated,
            rated, // a repeat still matches
            (rated.UserId, unratedMovie), // known user and movie, never rated together
            (4, rated.MovieId), // unknown user id (ids are 7i + 3)
            (rated.UserId, 99_999), // unknown movie id
        };

        var split = new ProbeSplitter(pairs).Split(data, out int unmatched);

        unmatched.Should().Be(3);
        SplitTestData.PositionsOf(split.Test).Should().Equal(0);
    }

    [Fact]
    public void Split_ColumnarPairs_MatchTheTupleForm()
    {
        var data = SplitTestData.Create();
        var pairs = Enumerable.Range(0, data.Count).Where(p => p % 5 == 1).Select(p => (data[p].UserId, data[p].MovieId)).ToArray();

        var tuples = new ProbeSplitter(pairs).Split(data);
        var columns = new ProbeSplitter(pairs.Select(p => p.UserId).ToArray(), pairs.Select(p => p.MovieId).ToArray()).Split(data);

        columns.Test.Positions.ToArray().Should().Equal(tuples.Test.Positions.ToArray());
    }

    [Fact]
    public void Constructor_ColumnsOfDifferentLength_Throws()
    {
        var act = () => new ProbeSplitter(new int[2], new int[3]);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("movieIds");
    }
}
