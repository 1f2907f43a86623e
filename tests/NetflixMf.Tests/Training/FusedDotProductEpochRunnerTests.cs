using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Models;
using NetflixMf.Training;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class FusedDotProductEpochRunnerTests
{
    private const int Users = 300;
    private const int Movies = 200;
    private const int Factors = 8;
    private const float Noise = 0.1f;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunEpoch_LowRankData_TestRmseNearNoiseFarBelowBiasOnly(int threads)
    {
        var data = LowRankData(seed: 1, ratingsPerUser: 60);
        var (train, test) = Split(data, testEvery: 10);
        using var tables = CreateTables(train.Source, seed: 2, std: 0.1f, mean: (float)train.Mean());
        var settings = new FusedDotProductSettings(0.01f, 0.001f, threads, 3);
        using var runner = new FusedDotProductEpochRunner(train, tables.Tables, settings);

        const float learningRate = 0.02f;
        for (int epoch = 1; epoch <= 40; epoch++) runner.RunEpoch(epoch, learningRate * MathF.Pow(0.95f, epoch - 1), CancellationToken.None);

        double biasOnly = BiasOnlyRmse(train, test);
        double rmse = TestRmse(tables.Tables, test);
        biasOnly.Should().BeGreaterThan(0.5, "the low-rank part carries most of the signal");
        rmse.Should().BeLessThan(2.5 * Noise, "the model should recover the low-rank structure down to near the noise level");
    }

    [Fact]
    public void RunEpoch_SameSeedOneThread_BitwiseEqualTables()
    {
        var data = LowRankData(seed: 4, ratingsPerUser: 30);
        var first = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 7));
        var second = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 7));
        first.Should().Equal(second);
    }

    [Fact]
    public void RunEpoch_TwoThreadsSameGrid_BitwiseEqualToOneThread()
    {
        // The blocks of one diagonal share no rows, so the thread count cannot change the result.
        var data = LowRankData(seed: 5, ratingsPerUser: 30);
        var one = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 7) { GridSize = 5 });
        var two = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 2, 7) { GridSize = 5 });
        var twoAgain = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 2, 7) { GridSize = 5 });
        two.Should().Equal(one);
        twoAgain.Should().Equal(one);
    }

    [Fact]
    public void RunEpoch_AutomaticGridOneOrTwoThreads_BitwiseEqualTables()
    {
        // The automatic grid depends on the data alone, so the thread count cannot change the result.
        var data = LowRankData(seed: 5, ratingsPerUser: 30);
        var one = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 7));
        var two = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 2, 7));
        two.Should().Equal(one);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Constructor_RatingsInHalfSteps_PackedElseWide(bool halfSteps)
    {
        var data = LowRankData(seed: 18, ratingsPerUser: 10);
        if (halfSteps)
        {
            var ratings = data.Ratings.ToArray().Select(r => Math.Clamp(MathF.Round(r * 2) / 2, 0, 10)).ToArray();
            data = new RatingSet(data.Users, data.Movies, data.UserIndices.ToArray(), data.MovieIndices.ToArray(), ratings, null, new RatingScale(0, 10));
        }
        using var tables = CreateTables(data, seed: 19, std: 0.1f, mean: 3);
        using var runner = new FusedDotProductEpochRunner(data, tables.Tables, new FusedDotProductSettings(0.02f, 0.01f, 1, 1) { GridSize = 3 });

        runner.IsPacked.Should().Be(halfSteps);
        var inGrid = Enumerable.Range(0, 3).SelectMany(ub => Enumerable.Range(0, 3).SelectMany(mb => runner.BlockRatings(ub, mb))).Order().ToList();
        inGrid.Should().Equal(Enumerable.Range(0, data.Count).Select(p => (data.UserIndices[p], data.MovieIndices[p], data.Ratings[p])).Order());
    }

    [Fact]
    public void RunEpoch_DifferentSeed_DifferentTables()
    {
        var data = LowRankData(seed: 4, ratingsPerUser: 30);
        var first = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 7));
        var second = TrainTwoEpochs(data, new FusedDotProductSettings(0.02f, 0.01f, 1, 8));
        first.Should().NotEqual(second);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunEpoch_TinyLearningRate_VisitsEveryTrainingRatingOnce(int threads)
    {
        // With a step far below float resolution the parameters do not move, so the reported error must be exactly
        // the initial model's error summed over the view: a rating skipped or seen twice would change it.
        var data = LowRankData(seed: 6, ratingsPerUser: 25);
        var (train, _) = Split(data, testEvery: 7);
        using var tables = CreateTables(train.Source, seed: 9, std: 0.3f, mean: (float)train.Mean());
        using var userBiases = tables.Tables.UserBiases.clone();
        using var movieBiases = tables.Tables.MovieBiases.clone();
        userBiases.uniform_(-0.5, 0.5);
        movieBiases.uniform_(-0.5, 0.5);
        tables.Tables.UserBiases.copy_(userBiases);
        tables.Tables.MovieBiases.copy_(movieBiases);
        double expected = TrainingSse(tables.Tables, train);
        using var before = tables.Tables.UserFactors.clone();
        using var runner = new FusedDotProductEpochRunner(train, tables.Tables, new FusedDotProductSettings(0, 0, threads, 1) { GridSize = 5 });

        var result = runner.RunEpoch(1, 1e-30f, CancellationToken.None);

        result.Count.Should().Be(train.Count);
        result.SumSquaredError.Should().BeApproximately(expected, expected * 1e-5);
        tables.Tables.UserFactors.data<float>().ToArray().Should().Equal(before.data<float>().ToArray());
    }

    [Fact]
    public void RunEpoch_CancelledToken_ThrowsAndLeavesTablesUnchanged()
    {
        var data = LowRankData(seed: 10, ratingsPerUser: 20);
        using var tables = CreateTables(data, seed: 11, std: 0.1f, mean: (float)data.Mean());
        using var before = tables.Tables.MovieFactors.clone();
        using var runner = new FusedDotProductEpochRunner(data, tables.Tables, new FusedDotProductSettings(0.02f, 0.01f, 2, 1));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var run = () => runner.RunEpoch(1, 0.01f, cancelled.Token);

        run.Should().Throw<OperationCanceledException>();
        tables.Tables.MovieFactors.data<float>().ToArray().Should().Equal(before.data<float>().ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunEpoch_CancelledDuringEpoch_StopsAtTheNextBlockWithBiasesWrittenBack(int threads)
    {
        var data = LowRankData(seed: 12, ratingsPerUser: 60);
        using var tables = CreateTables(data, seed: 13, std: 0.1f, mean: (float)data.Mean());
        using var runner = new FusedDotProductEpochRunner(data, tables.Tables, new FusedDotProductSettings(0.02f, 0.01f, threads, 1) { GridSize = 8 });
        using var source = new CancellationTokenSource();
        int blocks = 0;
        runner.BlockFinished = () =>
        {
            Interlocked.Increment(ref blocks);
            source.Cancel();
        };

        var run = () => runner.RunEpoch(1, 0.01f, source.Token);

        run.Should().Throw<OperationCanceledException>();
        blocks.Should().BeInRange(1, threads, "each worker stops before its next block");
        tables.Tables.UserBiases.abs().sum().item<float>().Should().BeGreaterThan(0, "the biases trained before the cancellation are written back");
    }

    [Fact]
    public void Constructor_SubsetView_GridHoldsEveryPositionOnceAndBlocksShareNoRows()
    {
        var data = LowRankData(seed: 14, ratingsPerUser: 30);
        var (train, _) = Split(data, testEvery: 4);
        using var tables = CreateTables(data, seed: 15, std: 0.1f, mean: 3);
        using var runner = new FusedDotProductEpochRunner(train, tables.Tables, new FusedDotProductSettings(0.02f, 0.01f, 2, 1) { GridSize = 6 });

        var expected = Enumerable.Range(0, train.Count).Select(i => train.PositionAt(i))
            .Select(p => (data.UserIndices[p], data.MovieIndices[p], data.Ratings[p])).Order().ToList();
        var inGrid = new List<(int, int, float)>();
        var userBlock = new Dictionary<int, int>();
        var movieBlock = new Dictionary<int, int>();
        for (int ub = 0; ub < runner.GridSize; ub++)
        {
            for (int mb = 0; mb < runner.GridSize; mb++)
            {
                var block = runner.BlockRatings(ub, mb).ToList();
                block.Should().HaveCount(runner.BlockCount(ub, mb));
                foreach (var (u, m, r) in block)
                {
                    userBlock.GetValueOrDefault(u, ub).Should().Be(ub, "a user row belongs to one block row");
                    movieBlock.GetValueOrDefault(m, mb).Should().Be(mb, "a movie row belongs to one block column");
                    userBlock[u] = ub;
                    movieBlock[m] = mb;
                    inGrid.Add((u, m, r));
                }
            }
        }
        inGrid.Order().Should().Equal(expected);
        Enumerable.Range(0, runner.GridSize).Select(ub => Enumerable.Range(0, runner.GridSize).Sum(mb => runner.BlockCount(ub, mb)))
            .Should().OnlyContain(n => n > train.Count / runner.GridSize / 2, "block rows are cut at equal rating counts");
    }

    [Fact]
    public void Constructor_WrongTables_ThrowsNamingTheTable()
    {
        var data = LowRankData(seed: 16, ratingsPerUser: 10);
        using var tables = CreateTables(data, seed: 17, std: 0.1f, mean: 3);
        using var doubles = zeros(new long[] { Users, Factors }, ScalarType.Float64);
        using var tooFew = zeros(new long[] { Movies - 1, Factors });
        var settings = new FusedDotProductSettings(0.02f, 0.01f, 1, 1);

        var wrongType = () => new FusedDotProductEpochRunner(data, tables.Tables with { UserFactors = doubles }, settings);
        var wrongRows = () => new FusedDotProductEpochRunner(data, tables.Tables with { MovieFactors = tooFew }, settings);
        var wrongThreads = () => new FusedDotProductEpochRunner(data, tables.Tables, settings with { Threads = 0 });

        wrongType.Should().Throw<ArgumentException>().WithMessage("*UserFactors*float32*");
        wrongRows.Should().Throw<ArgumentException>().WithMessage("*MovieFactors*");
        wrongThreads.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Threads*");
    }

    private static float[] TrainTwoEpochs(RatingSet data, FusedDotProductSettings settings)
    {
        using var tables = CreateTables(data, seed: 21, std: 0.1f, mean: (float)data.Mean());
        using (var runner = new FusedDotProductEpochRunner(data, tables.Tables, settings))
        {
            runner.RunEpoch(1, 0.02f, CancellationToken.None);
            runner.RunEpoch(2, 0.02f, CancellationToken.None);
        }
        var t = tables.Tables;
        return [.. t.UserFactors.data<float>(), .. t.MovieFactors.data<float>(), .. t.UserBiases.data<float>(), .. t.MovieBiases.data<float>()];
    }

    /// <summary>r = 3 + b_u + b_i + p_u . q_i + noise with rank-3 factors; each user rates a random subset of movies.</summary>
    private static RatingSet LowRankData(int seed, int ratingsPerUser)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        const int rank = 3;
        var p = Enumerable.Range(0, Users * rank).Select(_ => 0.7 * Normal()).ToArray();
        var q = Enumerable.Range(0, Movies * rank).Select(_ => 0.7 * Normal()).ToArray();
        var bu = Enumerable.Range(0, Users).Select(_ => 0.3 * Normal()).ToArray();
        var bi = Enumerable.Range(0, Movies).Select(_ => 0.3 * Normal()).ToArray();
        var u = new List<int>();
        var m = new List<int>();
        var r = new List<float>();
        var movies = Enumerable.Range(0, Movies).ToArray();
        for (int user = 0; user < Users; user++)
        {
            random.Shuffle(movies);
            foreach (int movie in movies.Take(ratingsPerUser))
            {
                double value = 3 + bu[user] + bi[movie] + Noise * Normal();
                for (int d = 0; d < rank; d++) value += p[user * rank + d] * q[movie * rank + d];
                u.Add(user);
                m.Add(movie);
                r.Add((float)value);
            }
        }
        return new RatingSet(IdIndex.FromIds(Enumerable.Range(1, Users)), IdIndex.FromIds(Enumerable.Range(1, Movies)), [.. u], [.. m], [.. r], null, new RatingScale(-100, 100));
    }

    private static (RatingView Train, RatingView Test) Split(RatingSet data, int testEvery)
    {
        var all = Enumerable.Range(0, data.Count);
        return (new RatingView(data, all.Where(i => i % testEvery != 0).ToArray()), new RatingView(data, all.Where(i => i % testEvery == 0).ToArray()));
    }

    private static OwnedTables CreateTables(RatingSet data, int seed, float std, float mean)
    {
        var generator = new Generator((ulong)seed);
        var users = randn(new long[] { data.Users.Count, Factors }, generator: generator).mul_(std);
        var movies = randn(new long[] { data.Movies.Count, Factors }, generator: generator).mul_(std);
        return new OwnedTables(new FactorTables(users, movies, zeros(data.Users.Count), zeros(data.Movies.Count), mean), generator);
    }

    private static double TestRmse(FactorTables t, RatingView view)
    {
        using var scope = NewDisposeScope();
        var positions = Enumerable.Range(0, view.Count).Select(view.PositionAt).ToArray();
        var users = tensor(positions.Select(p => (long)view.Source.UserIndices[p]).ToArray());
        var movies = tensor(positions.Select(p => (long)view.Source.MovieIndices[p]).ToArray());
        var ratings = tensor(positions.Select(p => view.Source.Ratings[p]).ToArray());
        var prediction = t.GlobalMean + t.UserBiases[users] + t.MovieBiases[movies] + (t.UserFactors[users] * t.MovieFactors[movies]).sum(1);
        return Math.Sqrt((prediction - ratings).square().mean().item<float>());
    }

    private static double TrainingSse(FactorTables t, RatingView view)
    {
        var p = t.UserFactors.data<float>().ToArray();
        var q = t.MovieFactors.data<float>().ToArray();
        var bu = t.UserBiases.data<float>().ToArray();
        var bi = t.MovieBiases.data<float>().ToArray();
        double sse = 0;
        for (int i = 0; i < view.Count; i++)
        {
            int pos = view.PositionAt(i);
            int u = view.Source.UserIndices[pos];
            int m = view.Source.MovieIndices[pos];
            double prediction = t.GlobalMean + bu[u] + bi[m];
            for (int d = 0; d < Factors; d++) prediction += (double)p[u * Factors + d] * q[m * Factors + d];
            double error = view.Source.Ratings[pos] - prediction;
            sse += error * error;
        }
        return sse;
    }

    private static double BiasOnlyRmse(RatingView train, RatingView test)
    {
        // The best a model without factors can do, fitted by regularized averages (Koren 2009, section 2.1).
        double mean = train.Mean();
        var userSum = new double[Users];
        var userCount = new int[Users];
        var movieSum = new double[Movies];
        var movieCount = new int[Movies];
        for (int i = 0; i < train.Count; i++)
        {
            int p = train.PositionAt(i);
            movieSum[train.Source.MovieIndices[p]] += train.Source.Ratings[p] - mean;
            movieCount[train.Source.MovieIndices[p]]++;
        }
        var bi = movieSum.Select((s, i) => s / (movieCount[i] + 5)).ToArray();
        for (int i = 0; i < train.Count; i++)
        {
            int p = train.PositionAt(i);
            int m = train.Source.MovieIndices[p];
            userSum[train.Source.UserIndices[p]] += train.Source.Ratings[p] - mean - bi[m];
            userCount[train.Source.UserIndices[p]]++;
        }
        var bu = userSum.Select((s, i) => s / (userCount[i] + 5)).ToArray();
        double sse = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int p = test.PositionAt(i);
            double error = test.Source.Ratings[p] - (mean + bu[test.Source.UserIndices[p]] + bi[test.Source.MovieIndices[p]]);
            sse += error * error;
        }
        return Math.Sqrt(sse / test.Count);
    }

    private sealed class OwnedTables(FactorTables tables, Generator generator) : IDisposable
    {
        public FactorTables Tables { get; } = tables;

        public void Dispose()
        {
            Tables.UserFactors.Dispose();
            Tables.MovieFactors.Dispose();
            Tables.UserBiases.Dispose();
            Tables.MovieBiases.Dispose();
            generator.Dispose();
        }
    }
}
