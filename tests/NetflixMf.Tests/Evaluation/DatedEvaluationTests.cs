using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Tests.Training;

namespace NetflixMf.Tests.Evaluation;

public sealed class DatedEvaluationTests
{
    [Fact]
    public void Evaluate_DatedModelOnDatedRatings_PredictsEachRatingAtItsOwnDay()
    {
        var set = PrizeTestData.Dated();
        var model = new DayParity(set.Users.Ids.ToArray(), set.Movies.Ids.ToArray());

        var metrics = RatingMetrics.Evaluate(model, set.All());

        // The dateless Predict answers 3 for everything; the dated one 1 or 5 by the parity of the rating's day.
        double expected = Math.Sqrt(Enumerable.Range(0, set.Count)
            .Select(i => Math.Pow((set.DayNumbers[i] % 2 == 0 ? 1 : 5) - set.Ratings[i], 2)).Average());
        metrics.Rmse.Should().BeApproximately(expected, 1e-9);
        model.DatedCalls.Should().BeGreaterThan(0);
    }

    private sealed class DayParity(int[] users, int[] movies) : IRecommender, IDatedRecommender
    {
        private readonly HashSet<int> _users = [.. users];
        private readonly HashSet<int> _movies = [.. movies];

        public int DatedCalls { get; private set; }

        public bool IsKnownUser(int userId) => _users.Contains(userId);

        public bool IsKnownMovie(int movieId) => _movies.Contains(movieId);

        public float Predict(int userId, int movieId) => 3f;

        public Prediction PredictDetailed(int userId, int movieId) => new(3f, PredictionBasis.Model);

        public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions) => predictions.Fill(3f);

        public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null) => [];

        public float PredictOn(int userId, int movieId, int dayNumber) => dayNumber % 2 == 0 ? 1f : 5f;

        public void PredictOn(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, ReadOnlySpan<ushort> dayNumbers, Span<float> predictions)
        {
            DatedCalls++;
            for (int i = 0; i < dayNumbers.Length; i++) predictions[i] = PredictOn(userIds[i], movieIds[i], dayNumbers[i]);
        }

        public void Dispose()
        {
        }
    }
}
