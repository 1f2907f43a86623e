using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Tests.Models;

namespace NetflixMf.Tests.Evaluation;

public sealed class RatingMetricsTests
{
    // The model knows users 1, 2 and movies 10, 20; every other pair (fallbacks included) predicts 3.
    private static FakeRecommender SmallModel() => new([1, 2], [10, 20], (u, m) => (u, m) switch
    {
        (1, 10) => 3.5f,
        (1, 20) => 3.0f,
        (2, 10) => 4.0f,
        _ => 3.0f,
    });

    // rating  prediction  error  basis
    // (1,10,4)   3.5      -0.5   model
    // (1,20,2)   3.0       1.0   model
    // (2,10,5)   4.0      -1.0   model
    // (3,10,3)   3.0       0.0   unknown user
    // (1,30,1)   3.0       2.0   unknown movie
    // (3,30,5)   3.0      -2.0   unknown user and movie
    // squared: 0.25 + 1 + 1 + 0 + 4 + 4 = 10.25 -> RMSE = sqrt(10.25 / 6) = 1.3070322...
    // absolute: 0.5 + 1 + 1 + 0 + 2 + 2 = 6.5 -> MAE = 6.5 / 6 = 1.0833333...
    private static RatingSet SmallTest() => RatingSet.FromRatings(
        [(1, 10, 4f), (1, 20, 2f), (2, 10, 5f), (3, 10, 3f), (1, 30, 1f), (3, 30, 5f)],
        RatingScale.Netflix);

    [Fact]
    public void Evaluate_HandComputedExample_MatchesRmseMaeAndFallbackCounts()
    {
        using var model = SmallModel();

        var metrics = RatingMetrics.Evaluate(model, SmallTest());

        metrics.Rmse.Should().BeApproximately(Math.Sqrt(10.25 / 6), 1e-12);
        metrics.Mae.Should().BeApproximately(6.5 / 6, 1e-12);
        metrics.Count.Should().Be(6);
        metrics.UnknownUsers.Should().Be(2);
        metrics.UnknownMovies.Should().Be(2);
        metrics.UnknownUsersAndMovies.Should().Be(1);
        metrics.CountOf(PredictionBasis.Model).Should().Be(3);
        metrics.CountOf(PredictionBasis.UnknownUser).Should().Be(1);
        metrics.CountOf(PredictionBasis.UnknownMovie).Should().Be(1);
        metrics.CountOf(PredictionBasis.UnknownUserAndMovie).Should().Be(1);
    }

    [Fact]
    public void Evaluate_View_UsesOnlyItsPositions()
    {
        using var model = SmallModel();

        // Positions 0 and 2: errors -0.5 and -1 -> RMSE = sqrt(1.25 / 2), MAE = 0.75.
        var metrics = RatingMetrics.Evaluate(model, new RatingView(SmallTest(), [0, 2]));

        metrics.Rmse.Should().BeApproximately(Math.Sqrt(1.25 / 2), 1e-12);
        metrics.Mae.Should().BeApproximately(0.75, 1e-12);
        metrics.Count.Should().Be(2);
        metrics.UnknownUsers.Should().Be(0);
    }

    [Fact]
    public void Evaluate_TestSetWithOwnIndex_MatchesByRawId()
    {
        using var model = SmallModel();
        // In this set user 2 has dense index 0, which in the model's index is user 1 (prediction 3.5, not 4).
        var test = RatingSet.FromRatings([(2, 10, 5f)], RatingScale.Netflix);

        var metrics = RatingMetrics.Evaluate(model, test);

        metrics.Mae.Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void Evaluate_SmallBatches_SplitsAtBoundariesAndMatchesOneBatch()
    {
        using var model = SmallModel();
        var test = RatingSet.FromRatings(
            [.. Enumerable.Range(0, 10).Select(i => (1 + i % 3, 10 * (1 + i % 4), (float)(1 + i % 5)))],
            RatingScale.Netflix);
        var reports = new List<EvaluationProgress>();

        var batched = RatingMetrics.Evaluate(model, test, 4, new SyncProgress<EvaluationProgress>(reports.Add), CancellationToken.None);
        model.BatchLengths.Should().Equal(4, 4, 2);
        var whole = RatingMetrics.Evaluate(model, test, 1000, null, CancellationToken.None);

        batched.Should().Be(whole);
        reports.Should().Equal(new EvaluationProgress(4, 10), new EvaluationProgress(8, 10), new EvaluationProgress(10, 10));
    }

    [Fact]
    public void Evaluate_MoreRatingsThanDefaultBatch_UsesFullBatchesAndMatchesDirectComputation()
    {
        const int count = 2 * RatingMetrics.BatchSize + 3;
        var users = Indexing.IdIndex.FromIds(Enumerable.Range(1, 1000));
        var movies = Indexing.IdIndex.FromIds(Enumerable.Range(1, 200));
        var u = new int[count];
        var m = new int[count];
        var r = new float[count];
        for (int i = 0; i < count; i++)
        {
            u[i] = i % 1000;
            m[i] = i / 1000 % 200;
            r[i] = 1 + (i % 7) % 5;
        }
        var test = new RatingSet(users, movies, u, m, r, null, RatingScale.Netflix);
        static float Score(int userId, int movieId) => 1 + (userId * 7 + movieId * 3) % 40 / 10f;
        using var model = new FakeRecommender(Enumerable.Range(1, 1000), Enumerable.Range(1, 200), Score);
        var predicted = new float[count];
        for (int i = 0; i < count; i++) predicted[i] = Score(u[i] + 1, m[i] + 1);

        var metrics = RatingMetrics.Evaluate(model, test);

        model.BatchLengths.Should().Equal(RatingMetrics.BatchSize, RatingMetrics.BatchSize, 3);
        metrics.Rmse.Should().Be(RatingMetrics.Rmse(predicted, r));
        metrics.Mae.Should().Be(RatingMetrics.Mae(predicted, r));
        metrics.Rmse.Should().BeGreaterThan(0.5);
        metrics.Count.Should().Be(count);
    }

    [Fact]
    public void Evaluate_EmptyView_ReturnsNaNWithZeroCountAndNoModelCall()
    {
        using var model = SmallModel();

        var metrics = RatingMetrics.Evaluate(model, new RatingView(SmallTest(), []));

        metrics.Count.Should().Be(0);
        double.IsNaN(metrics.Rmse).Should().BeTrue();
        double.IsNaN(metrics.Mae).Should().BeTrue();
        model.BatchLengths.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_CanceledBeforeStart_Throws()
    {
        using var model = SmallModel();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        FluentActions.Invoking(() => RatingMetrics.Evaluate(model, SmallTest(), cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();
        model.BatchLengths.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_CanceledAfterFirstBatch_StopsBeforeTheNext()
    {
        using var model = SmallModel();
        using var cts = new CancellationTokenSource();
        var cancelOnReport = new SyncProgress<EvaluationProgress>(_ => cts.Cancel());

        FluentActions.Invoking(() => RatingMetrics.Evaluate(model, SmallTest(), 2, cancelOnReport, cts.Token))
            .Should().Throw<OperationCanceledException>();
        model.BatchLengths.Should().Equal(2);
    }

    [Fact]
    public void Rmse_And_Mae_HandComputed()
    {
        // Errors 1, -2, 0.5: squares 1 + 4 + 0.25 = 5.25, absolutes 3.5.
        float[] predicted = [4f, 1f, 3.5f];
        float[] actual = [3f, 3f, 3f];

        RatingMetrics.Rmse(predicted, actual).Should().BeApproximately(Math.Sqrt(5.25 / 3), 1e-12);
        RatingMetrics.Mae(predicted, actual).Should().BeApproximately(3.5 / 3, 1e-12);
    }

    [Fact]
    public void Rmse_EmptyOrMismatched_NaNOrThrows()
    {
        double.IsNaN(RatingMetrics.Rmse([], [])).Should().BeTrue();
        double.IsNaN(RatingMetrics.Mae([], [])).Should().BeTrue();
        FluentActions.Invoking(() => RatingMetrics.Rmse([1f], [1f, 2f])).Should().Throw<ArgumentException>().WithParameterName("actual");
        FluentActions.Invoking(() => RatingMetrics.Mae([1f, 2f], [1f])).Should().Throw<ArgumentException>().WithParameterName("actual");
    }

    [Fact]
    public void ErrorMetrics_ToString_PrintsRoundedValuesAndCounts()
    {
        var text = new ErrorMetrics(0.85634, 0.67121, 1_408_395, 0, 12, 0).ToString();

        text.Should().Be("RMSE 0.8563  MAE 0.6712  n=1,408,395 (unknown users 0, unknown movies 12)");
    }
}

/// <summary>A factorization model evaluated on its own training set's indexes is asked by index, not by id.</summary>
[Collection(TorchCollection.Name)]
public sealed class RatingMetricsByIndexTests
{
    [Theory]
    [InlineData("dot")]
    [InlineData("mlp")]
    public void EvaluateAndPredict_ModelOverTheTestSetsOwnIndexes_GiveExactlyTheResultOfAskingById(string head)
    {
        // More ratings than one model chunk (8,192), with a view that skips some, through the dot and a head path.
        using var model = ModelBuilder.Random(users: 300, movies: 80, factors: 8, head == "mlp" ? HeadFactory.Mlp() : null);
        var random = new Random(7);
        int n = 20_000;
        var set = new RatingSet(model.Users, model.Movies, [.. Enumerable.Range(0, n).Select(_ => random.Next(300))],
            [.. Enumerable.Range(0, n).Select(_ => random.Next(80))], [.. Enumerable.Range(0, n).Select(_ => (float)random.Next(1, 6))], null, new RatingScale(1, 5));
        var view = new RatingView(set, [.. Enumerable.Range(0, n).Where(p => p % 7 != 3)]);

        var byIndex = RatingMetrics.Evaluate(model, view);
        var byId = RatingMetrics.Evaluate(new AskedById(model), view);

        byIndex.Should().Be(byId);
        byIndex.Count.Should().Be(view.Count);
        var predictedByIndex = new float[view.Count];
        var predictedById = new float[view.Count];
        RatingMetrics.Predict(model, view, predictedByIndex);
        RatingMetrics.Predict(new AskedById(model), view, predictedById);
        predictedByIndex.Should().Equal(predictedById);
    }

    /// <summary>Hides the model's type, so the evaluation must go through the public id-based batch.</summary>
    private sealed class AskedById(IRecommender inner) : IRecommender
    {
        public bool IsKnownUser(int userId) => inner.IsKnownUser(userId);

        public bool IsKnownMovie(int movieId) => inner.IsKnownMovie(movieId);

        public float Predict(int userId, int movieId) => inner.Predict(userId, movieId);

        public Prediction PredictDetailed(int userId, int movieId) => inner.PredictDetailed(userId, movieId);

        public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions) => inner.Predict(userIds, movieIds, predictions);

        public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null) => inner.Recommend(userId, count, excludeMovieIds);

        public void Dispose()
        {
        }
    }
}

