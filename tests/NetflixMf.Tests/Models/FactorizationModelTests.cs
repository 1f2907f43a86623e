using NetflixMf.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class FactorizationModelTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private const int UnknownId = 5; // Synthetic ids are 10 * index + 1.

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Fit_LowRankData_BeatsBiasOnlyOracle(string head)
    {
        var result = models.Get(head);
        double rmse = SyntheticRatings.Rmse(result.Model, models.Data.Test);
        rmse.Should().BeLessThan(0.75 * models.Data.BiasOnlyOracleRmse, "a model without interactions cannot beat the true biases");
        result.Reports.Should().HaveCount(TestHeads.Options(head).Epochs);
        result.Reports[^1].TestRmse.Should().BeApproximately(rmse, 1e-6, "single and batched head predictions may differ in the last float bits");
        result.Model.HeadName.Should().Be((TestHeads.Options(head).Head ?? HeadFactory.DotProduct).Name);
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Predict_BatchAndSingle_Agree(string head)
    {
        var model = models.Get(head).Model;
        var (users, movies) = Pairs(model, 300);
        var batch = new float[users.Length];
        model.Predict(users, movies, batch);
        for (int i = 0; i < users.Length; i++)
        {
            float single = model.Predict(users[i], movies[i]);
            if (head == "dot") single.Should().Be(batch[i]);
            else single.Should().BeApproximately(batch[i], 1e-5f, "libtorch picks different GEMM kernels for a batch of one");
        }
        batch.Should().OnlyContain(v => v >= 1 && v <= 5);
        batch.Distinct().Count().Should().BeGreaterThan(100, "predictions must depend on the pair");
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void SaveLoad_FileAndStream_IdenticalPredictions(string head)
    {
        var model = models.Get(head).Model;
        var (users, movies) = Pairs(model, 500);
        var expected = new float[users.Length];
        model.Predict(users, movies, expected);
        string directory = Directory.CreateTempSubdirectory("netflixmf-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.nfmf");
            model.Save(path);
            Directory.GetFiles(directory).Should().Equal(path);
            using (var loaded = FactorizationModel.Load(path, TestHeads.Factory(head)))
            {
                var actual = new float[users.Length];
                loaded.Predict(users, movies, actual);
                actual.Should().Equal(expected);
                loaded.HeadName.Should().Be(model.HeadName);
                loaded.Scale.Should().Be(model.Scale);
                loaded.Users.Ids.ToArray().Should().Equal(model.Users.Ids.ToArray());
                loaded.Recommend(users[0], 5).Should().Equal(model.Recommend(users[0], 5));
            }
            using var stream = new MemoryStream();
            model.Save(stream);
            stream.Position = 0;
            using var fromStream = FactorizationModel.Load(stream, TestHeads.Factory(head));
            var streamed = new float[users.Length];
            fromStream.Predict(users, movies, streamed);
            streamed.Should().Equal(expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void PredictDetailed_UnknownIds_FallBackToMeanAndBiases(string head)
    {
        var model = models.Get(head).Model;
        int user = model.Users.GetId(3), movie = model.Movies.GetId(4);
        float mu = model.GlobalMean;
        float bu = model.Tables.UserBiases[3].item<float>();
        float bi = model.Tables.MovieBiases[4].item<float>();

        model.IsKnownUser(user).Should().BeTrue();
        model.IsKnownUser(UnknownId).Should().BeFalse();
        model.IsKnownMovie(UnknownId).Should().BeFalse();
        model.PredictDetailed(user, movie).Basis.Should().Be(PredictionBasis.Model);
        model.PredictDetailed(UnknownId, movie).Should().Be(new Prediction(model.Scale.Clamp(mu + bi), PredictionBasis.UnknownUser));
        model.PredictDetailed(user, UnknownId).Should().Be(new Prediction(model.Scale.Clamp(mu + bu), PredictionBasis.UnknownMovie));
        model.PredictDetailed(UnknownId, -7).Should().Be(new Prediction(model.Scale.Clamp(mu), PredictionBasis.UnknownUserAndMovie));
        var batch = new float[3];
        model.Predict([UnknownId, user, UnknownId], [movie, UnknownId, UnknownId], batch);
        batch.Should().Equal(model.Scale.Clamp(mu + bi), model.Scale.Clamp(mu + bu), model.Scale.Clamp(mu));
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Recommend_KnownUser_MatchesBruteForceRankingAndExcludes(string head)
    {
        var model = models.Get(head).Model;
        int user = model.Users.GetId(10);
        var movieIds = model.Movies.Ids.ToArray();
        var predictions = new float[movieIds.Length];
        model.Predict(Enumerable.Repeat(user, movieIds.Length).ToArray(), movieIds, predictions);
        var exclude = new HashSet<int> { movieIds[Array.IndexOf(predictions, predictions.Max())] };

        var top = model.Recommend(user, 10, exclude);

        top.Should().HaveCount(10);
        top.Select(r => r.MovieId).Should().OnlyHaveUniqueItems().And.NotContain(exclude);
        top.Select(r => r.PredictedRating).Should().BeInDescendingOrder();
        var expectedTop = movieIds.Select((id, i) => (id, p: predictions[i])).Where(x => !exclude.Contains(x.id)).OrderByDescending(x => x.p).Take(10).ToList();
        top.Select(r => r.PredictedRating).Should().Equal(expectedTop.Select(x => x.p), (a, b) => Math.Abs(a - b) < 1e-5f);
        foreach (var r in top) r.PredictedRating.Should().BeApproximately(model.Predict(user, r.MovieId), 1e-5f);
        model.Recommend(user, 100_000).Should().HaveCount(movieIds.Length);
        model.Recommend(user, 0).Should().BeEmpty();
    }

    [Fact]
    public void Recommend_UnknownUser_RanksByMovieBias()
    {
        var model = models.Get("dot").Model;
        var biases = model.Tables.MovieBiases.data<float>().ToArray();
        int best = Array.IndexOf(biases, biases.Max());
        var top = model.Recommend(UnknownId, 3);
        top[0].MovieId.Should().Be(model.Movies.GetId(best));
        top[0].PredictedRating.Should().Be(model.Scale.Clamp(model.GlobalMean + biases[best]));
    }

    [Fact]
    public void Predict_ExtremeParameters_ClampedNeverNaN()
    {
        var data = models.Data;
        using var model = new FactorizationTrainer(TestHeads.Options("dot") with { Epochs = 1 }).Train(data.Train).Model;
        model.Tables.UserFactors[0].fill_(1000f);
        model.Tables.MovieFactors[0].fill_(1000f);
        model.Tables.MovieFactors[1].fill_(-1000f);
        model.Tables.UserBiases[1].fill_(float.NaN);
        int u0 = model.Users.GetId(0), u1 = model.Users.GetId(1), m0 = model.Movies.GetId(0), m1 = model.Movies.GetId(1);
        model.Predict(u0, m0).Should().Be(5f);
        model.Predict(u0, m1).Should().Be(1f);
        float nan = model.Predict(u1, m0);
        float.IsNaN(nan).Should().BeFalse();
        nan.Should().BeInRange(1f, 5f);
    }

    [Fact]
    public void Predict_MismatchedSpans_Throws()
    {
        var model = models.Get("dot").Model;
        var act = () => model.Predict(new int[2], new int[3], new float[2]);
        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Predict_ManyThreads_SameAsSequential(string head)
    {
        var model = models.Get(head).Model;
        var (users, movies) = Pairs(model, 200);
        var expected = users.Select((u, i) => model.Predict(u, movies[i])).ToArray();
        var failures = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < users.Length; i++)
            {
                if (Math.Abs(model.Predict(users[i], movies[i]) - expected[i]) > 1e-6f) Interlocked.Increment(ref failures);
            }
        });
        failures.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Recommend_ManyThreads_SameAsSequential(string head)
    {
        var model = models.Get(head).Model;
        var users = Pairs(model, 40).Users;
        var expected = users.Select(u => model.Recommend(u, 10)).ToArray();
        var failures = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (int i = 0; i < users.Length; i++)
            {
                if (!SameList(model.Recommend(users[i], 10), expected[i])) Interlocked.Increment(ref failures);
            }
        });
        failures.Should().Be(0);
    }

    /// <summary>
    /// The same movies with the same scores. Heads that run through libtorch may round the last bit differently when
    /// its GEMM splits work across threads differently under concurrent calls, so scores match to 1e-5, not bitwise.
    /// </summary>
    private static bool SameList(IReadOnlyList<Recommendation> actual, IReadOnlyList<Recommendation> expected) =>
        actual.Count == expected.Count
        && actual.Zip(expected).All(p => p.First.MovieId == p.Second.MovieId && Math.Abs(p.First.PredictedRating - p.Second.PredictedRating) <= 1e-5f);

    private static (int[] Users, int[] Movies) Pairs(FactorizationModel model, int count)
    {
        var random = new Random(3);
        var users = new int[count];
        var movies = new int[count];
        for (int i = 0; i < count; i++)
        {
            users[i] = model.Users.GetId(random.Next(model.Users.Count));
            movies[i] = model.Movies.GetId(random.Next(model.Movies.Count));
        }
        return (users, movies);
    }
}
