using NetflixMf.Data;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class FactorizationModelInspectionTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    [Fact]
    public void Tables_ById_AgreeWithWholeTablesAndPredict()
    {
        var model = models.Get("dot").Model;
        int k = model.EmbeddingDimension;
        model.UserEmbeddings.Length.Should().Be(model.Users.Count * k);
        model.MovieEmbeddings.Length.Should().Be(model.Movies.Count * k);
        model.UserBiases.Length.Should().Be(model.Users.Count);
        model.MovieBiases.Length.Should().Be(model.Movies.Count);
        foreach (var rating in Enumerable.Range(0, 50).Select(i => models.Data.Set[i * 7]))
        {
            var p = model.GetUserEmbedding(rating.UserId);
            var q = model.GetMovieEmbedding(rating.MovieId);
            p.SequenceEqual(model.UserEmbeddings.Slice(model.Users.GetIndex(rating.UserId) * k, k)).Should().BeTrue();
            model.GetMovieBias(rating.MovieId).Should().Be(model.MovieBiases[model.Movies.GetIndex(rating.MovieId)]);
            double dot = 0;
            for (int f = 0; f < k; f++) dot += p[f] * q[f];
            double expected = Math.Clamp(model.GlobalMean + model.GetUserBias(rating.UserId) + model.GetMovieBias(rating.MovieId) + dot, 1, 5);
            model.Predict(rating.UserId, rating.MovieId).Should().BeApproximately((float)expected, 1e-4f);
        }
    }

    [Fact]
    public void GetUserEmbedding_UnknownUser_ThrowsKeyNotFound()
    {
        var model = models.Get("dot").Model;
        model.Invoking(m => m.GetUserEmbedding(5).ToArray()).Should().Throw<KeyNotFoundException>();
        model.Invoking(m => m.GetMovieBias(5)).Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void FoldInUser_SolvesTheRegularizedNormalEquations()
    {
        var model = models.Get("dot").Model;
        var ratings = RatingsOf(models.Data.Train, models.Data.Set.Users.GetId(3));
        const float Lambda = 0.05f, BiasLambda = 0.02f;
        var user = model.FoldInUser(ratings, Lambda, BiasLambda);

        user.RatingCount.Should().Be(ratings.Count);
        int k = model.EmbeddingDimension, n = ratings.Count;
        // The gradient of sum (r - mu - b_i - b_u - p.q_i)^2 + n (lambda |p|^2 + lambda_b b_u^2) vanishes at the solution.
        var gradient = new double[k + 1];
        foreach (var (movieId, rating) in ratings)
        {
            var q = model.GetMovieEmbedding(movieId);
            double residual = model.GlobalMean + model.GetMovieBias(movieId) + user.Bias - rating;
            for (int f = 0; f < k; f++) residual += user.Embedding[f] * q[f];
            for (int f = 0; f < k; f++) gradient[f] += residual * q[f];
            gradient[k] += residual;
        }
        for (int f = 0; f < k; f++) gradient[f] += n * Lambda * user.Embedding[f];
        gradient[k] += n * BiasLambda * user.Bias;
        gradient.Should().OnlyContain(g => Math.Abs(g) < 1e-3);
    }

    [Fact]
    public void FoldInUser_FromTrainingRatings_PredictsTheUsersTestRatingsBetterThanBiases()
    {
        var model = models.Get("dot").Model;
        double foldedSum = 0, biasSum = 0;
        int count = 0;
        for (int u = 0; u < 40; u++)
        {
            int userId = models.Data.Set.Users.GetId(u);
            var user = model.FoldInUser(RatingsOf(models.Data.Train, userId));
            foreach (var (movieId, rating) in RatingsOf(models.Data.Test, userId))
            {
                if (!model.IsKnownMovie(movieId)) continue;
                double folded = model.Predict(user, movieId) - rating;
                double bias = Math.Clamp(model.GlobalMean + model.GetMovieBias(movieId), 1, 5) - rating;
                foldedSum += folded * folded;
                biasSum += bias * bias;
                count++;
            }
        }
        count.Should().BeGreaterThan(50);
        Math.Sqrt(foldedSum / count).Should().BeLessThan(0.8 * Math.Sqrt(biasSum / count), "the folded-in embedding must capture the user's taste");
    }

    [Fact]
    public void RecommendFoldedIn_MatchesPredictAndExcludes()
    {
        var model = models.Get("dot").Model;
        var ratings = RatingsOf(models.Data.Train, models.Data.Set.Users.GetId(5));
        var user = model.FoldInUser(ratings);
        var rated = ratings.Select(r => r.MovieId).ToHashSet();
        var top = model.Recommend(user, 10, rated);
        top.Should().HaveCount(10);
        top.Select(r => r.MovieId).Should().NotIntersectWith(rated);
        top.Select(r => r.PredictedRating).Should().BeInDescendingOrder();
        foreach (var r in top) r.PredictedRating.Should().BeApproximately(model.Predict(user, r.MovieId), 1e-5f);
    }

    [Fact]
    public void FoldInUser_NoKnownMovie_FallsBackToMovieBiases()
    {
        var model = models.Get("dot").Model;
        var user = model.FoldInUser([(5, 4f), (15, 2f)]);
        user.RatingCount.Should().Be(0);
        user.Bias.Should().Be(0);
        int movieId = models.Data.Set.Movies.GetId(0);
        model.Predict(user, movieId).Should().Be(model.Predict(5, movieId), "an empty fold-in is an unknown user");
    }

    [Fact]
    public void FoldInUser_NonDotHead_ThrowsNotSupported()
    {
        var model = models.Get("mlp").Model;
        model.Invoking(m => m.FoldInUser([(1, 4f)])).Should().Throw<NotSupportedException>().WithMessage("*not linear*");
    }

    [Fact]
    public void Tables_AfterDispose_ThrowObjectDisposed()
    {
        var data = RatingSet.FromRatings([(1, 1, 3f), (2, 1, 4f), (1, 2, 5f)], RatingScale.Netflix);
        var model = new FactorizationTrainer(new TrainerOptions { Epochs = 1, EmbeddingDimension = 2, Threads = 1 }).Train(data).Model;
        model.UserEmbeddings.Length.Should().Be(4);
        model.Dispose();
        model.Invoking(m => m.UserEmbeddings.Length).Should().Throw<ObjectDisposedException>();
    }

    private static List<(int MovieId, float Rating)> RatingsOf(RatingView view, int userId)
    {
        var list = new List<(int, float)>();
        for (int i = 0; i < view.Count; i++)
        {
            var r = view.Source[view.PositionAt(i)];
            if (r.UserId == userId) list.Add((r.MovieId, r.Value));
        }
        return list;
    }
}
