using NetflixMf.Data;
using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class PredefinedSplitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void FromSets_TwoSeparateSets_ShareOneIdWorldAndKeepEveryRating()
    {
        var train = RatingSet.FromRatings([(1, 10, 4f), (2, 10, 3f), (2, 30, 5f)], RatingScale.Netflix);
        var test = RatingSet.FromRatings([(2, 20, 1f), (9, 10, 2f)], RatingScale.Netflix);
        var act = () => new TrainTestSplit(train, test);
        act.Should().Throw<ArgumentException>("separately loaded sets have separate id worlds");

        var split = TrainTestSplit.FromSets(train, test);

        split.Train.Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((1, 10, 4f), (2, 10, 3f), (2, 30, 5f));
        split.Test.Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((2, 20, 1f), (9, 10, 2f));
        split.Source.Users.Ids.ToArray().Should().Equal(1, 2, 9);
        split.Source.Movies.Ids.ToArray().Should().Equal(10, 20, 30);
    }

    [Fact]
    public void FromFiles_MovieLensBaseAndTest_LoadsBoth()
    {
        string trainPath = _folder.Write("u1.base", "1\t10\t4\t881250949\n2\t10\t3\t881250949\n");
        string testPath = _folder.Write("u1.test", "2\t20\t1\t881250949\n");

        var split = TrainTestSplit.FromFiles(trainPath, testPath);

        split.Train.Count.Should().Be(2);
        split.Test.Single().Should().Be(new Rating(2, 20, 1f, split.Test.Single().Date));
        split.Source.HasDates.Should().BeTrue();
    }

    public void Dispose() => _folder.Dispose();
}
