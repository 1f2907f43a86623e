using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Tests.Training;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ServingTests : IDisposable
{
    private readonly PlantedPreferences _data = PlantedPreferences.Create(users: 160);
    private readonly FactorizationModel _ranking;

    public ServingTests() => _ranking = new FactorizationTrainer(TrainerOptions.ForRanking() with { Epochs = 20, EmbeddingDimension = 19 }).Train(_data.Train).Model;

    public void Dispose() => _ranking.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void RecommendBatch_EqualsOneUserRecommendWithTheSameExclusions(int threads)
    {
        // k = 19 leaves a scalar tail after the SIMD part; unknown users and a repeated user are in the batch.
        int[] users = [.. Enumerable.Range(1, 150), 9999, 3, 3];
        var batch = _ranking.Recommend(users, 7, _data.Train, threads);

        batch.Should().HaveCount(users.Length);
        for (int i = 0; i < users.Length; i++)
        {
            var rated = RatedBy(_data.Train, users[i]);
            batch[i].Should().Equal(_ranking.Recommend(users[i], 7, rated), $"user {users[i]}");
            _ranking.Recommend(users[i], 7, _data.Train).Should().Equal(batch[i]);
        }
        _ranking.Recommend(users, 7).Select(l => l.Count).Should().AllBeEquivalentTo(7);
    }

    [Fact]
    public void RecommendBatch_NeverReturnsATrainingMovie()
    {
        var batch = _ranking.Recommend([.. Enumerable.Range(1, 160)], 20, _data.Train);
        for (int u = 0; u < 160; u++) batch[u].Select(r => r.MovieId).Should().NotIntersectWith(RatedBy(_data.Train, u + 1));
    }

    [Fact]
    public void SimilarMovies_PlantedGroups_MostlySameGroupAndNeverItself()
    {
        int sameGroup = 0, total = 0;
        for (int group = 0; group < PlantedPreferences.Groups; group++)
        {
            int movieId = 1 + group * PlantedPreferences.MoviesPerGroup + 5;
            var similar = _ranking.SimilarMovies(movieId, 10);
            similar.Should().HaveCount(10);
            similar.Select(s => s.MovieId).Should().NotContain(movieId);
            similar.Select(s => s.Similarity).Should().BeInDescendingOrder().And.OnlyContain(s => s >= -1.0001f && s <= 1.0001f);
            sameGroup += similar.Count(s => PlantedPreferences.GroupOfMovie(s.MovieId) == group);
            total += similar.Count;
        }
        sameGroup.Should().BeGreaterThan(total * 3 / 4);
        _ranking.SimilarMovies(123456, 5).Should().BeEmpty();
    }

    [Fact]
    public void WithPopularityBoost_ZeroWeightRanksAsTheModelAndHugeWeightAsPopularity()
    {
        using var popularity = PopularityRecommender.Fit(_data.Train);
        var exclude = RatedBy(_data.Train, 5);

        _ranking.WithPopularityBoost(_data.Train, 0).Recommend(5, 10, exclude).Should().Equal(_ranking.Recommend(5, 10, exclude));
        _ranking.WithPopularityBoost(_data.Train, 1000).Recommend(5, 3, exclude).Select(r => r.MovieId)
            .Should().Equal(popularity.Recommend(5, 3, exclude).Select(r => r.MovieId));
        FluentActions.Invoking(() => _ranking.WithPopularityBoost(_data.Train, -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static HashSet<int> RatedBy(RatingView view, int userId)
    {
        var rated = new HashSet<int>();
        for (int i = 0; i < view.Count; i++)
        {
            var rating = view.Source[view.PositionAt(i)];
            if (rating.UserId == userId) rated.Add(rating.MovieId);
        }
        return rated;
    }
}
