using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Training;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class FusedBprEpochRunnerTests
{
    private static readonly RankingOptions Top10 = new() { K = 10, RelevanceThreshold = 1 };

    [Fact]
    public void Step_HandComputedExample_MatchesBprGradient()
    {
        // Two users, two movies, k = 2: user 0 likes movie 0 (positive), movie 1 is the negative.
        var set = RatingSet.FromRatings([(1, 10, 5f), (2, 20, 5f)], RatingScale.Netflix);
        using var tables = Tables(users: [0.1f, 0.2f, 0f, 0f], movies: [0.3f, -0.1f, -0.2f, 0.4f], movieBiases: [0.1f, -0.1f]);
        using var runner = new FusedBprEpochRunner(set.All(), tables.Value, new FusedBprSettings(L2Factors: 0.01f, L2Biases: 0.02f, Threads: 1, Seed: 1));

        double loss = runner.StepForTest(userIndex: 0, positiveIndex: 0, negativeIndex: 1, learningRate: 0.1f);

        // By hand: x = (b_i - b_j) + p.q_i - p.q_j = 0.2 + 0.01 - 0.06 = 0.15; g = σ(-x) = 1 / (1 + e^0.15) = 0.4625702.
        // p' = p + lr (g (q_i - q_j) - λ p), q_i' = q_i + lr (g p - λ q_i), q_j' = q_j + lr (-g p - λ q_j),
        // b_i' = b_i + lr (g - λ_b b_i), b_j' = b_j + lr (-g - λ_b b_j); loss = ln(1 + e^-x) = 0.6209570.
        loss.Should().BeApproximately(0.6209570, 1e-6);
        Floats(tables.Value.UserFactors)[..2].Should().Equal([0.1230285f, 0.1766715f], (a, b) => Math.Abs(a - b) < 1e-6);
        Floats(tables.Value.MovieFactors).Should().Equal([0.3043257f, -0.0906486f, -0.2044257f, 0.3903486f], (a, b) => Math.Abs(a - b) < 1e-6);
        Floats(tables.Value.MovieBiases).Should().Equal([0.1460570f, -0.1460570f], (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void ReferenceStep_AgainstFiniteDifferences_IsMinusLearningRateTimesGradient()
    {
        float[] p = [0.3f, -0.2f, 0.5f], qi = [0.1f, 0.4f, -0.3f], qj = [0.2f, -0.1f, 0.6f];
        float bi = 0.05f, bj = 0.2f;
        const float Lr = 0.01f, L2 = 0.03f, L2Bias = 0.02f;
        double Loss(double[] t) // t = p, q_i, q_j, b_i, b_j
        {
            double x = t[9] - t[10];
            for (int f = 0; f < 3; f++) x += t[f] * (t[3 + f] - t[6 + f]);
            double reg = 0;
            for (int f = 0; f < 9; f++) reg += t[f] * t[f];
            return Math.Log(1 + Math.Exp(-x)) + L2 / 2 * reg + L2Bias / 2 * (t[9] * t[9] + t[10] * t[10]);
        }
        double[] theta = [.. p, .. qi, .. qj, bi, bj];
        var gradient = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[i] += 1e-5;
            down[i] -= 1e-5;
            gradient[i] = (Loss(up) - Loss(down)) / 2e-5;
        }

        FusedBprEpochRunner.ReferenceStep(p, qi, qj, ref bi, ref bj, Lr, L2, L2Bias);

        double[] after = [.. p, .. qi, .. qj, bi, bj];
        for (int i = 0; i < theta.Length; i++) (after[i] - theta[i]).Should().BeApproximately(-Lr * gradient[i], 1e-6, $"parameter {i}");
    }

    [Fact]
    public void RunEpoch_OneAndTwoThreadsSameGrid_SameTables()
    {
        var data = PlantedPreferences.Create(users: 120);
        float[] Train(int threads)
        {
            using var tables = Tables(data.Set, k: 8, seed: 3);
            using var runner = new FusedBprEpochRunner(data.Train, tables.Value, new FusedBprSettings(0.01f, 0.01f, threads, Seed: 9) { GridSize = 5, NegativeSamples = 2 });
            for (int epoch = 1; epoch <= 3; epoch++) runner.RunEpoch(epoch, 0.05f, CancellationToken.None);
            return [.. Floats(tables.Value.UserFactors), .. Floats(tables.Value.MovieFactors), .. Floats(tables.Value.MovieBiases)];
        }

        Train(2).Should().Equal(Train(1));
    }

    [Fact]
    public void Train_SameSeed_SameModelAndDifferentSeedDiffers()
    {
        var data = PlantedPreferences.Create(users: 120);
        var options = TrainerOptions.ForRanking() with { Epochs = 3, EmbeddingDimension = 8 };
        using var first = new FactorizationTrainer(options).Train(data.Train).Model;
        using var second = new FactorizationTrainer(options).Train(data.Train).Model;
        using var other = new FactorizationTrainer(options with { Seed = 5 }).Train(data.Train).Model;

        Floats(second.Tables.UserFactors).Should().Equal(Floats(first.Tables.UserFactors));
        Floats(second.Tables.MovieBiases).Should().Equal(Floats(first.Tables.MovieBiases));
        Floats(other.Tables.UserFactors).Should().NotEqual(Floats(first.Tables.UserFactors));
    }

    [Fact]
    public void Train_PlantedPreferences_RankingBeatsPopularityByHalf()
    {
        var data = PlantedPreferences.Create();
        using var popularity = PopularityRecommender.Fit(data.Train);
        using var ranking = new FactorizationTrainer(TrainerOptions.ForRanking()).Train(data.Train).Model;

        var baseline = RankingMetrics.Evaluate(popularity, data.Test, data.Train, Top10);
        var result = RankingMetrics.Evaluate(ranking, data.Test, data.Train, Top10);

        baseline.Precision.Should().BeGreaterThan(0.02, "the popular movies are a fair share of the held-out pairs");
        result.Precision.Should().BeGreaterThan(1.5 * baseline.Precision);
        result.Ndcg.Should().BeGreaterThan(1.5 * baseline.Ndcg);
    }

    [Fact]
    public void Train_RankingObjective_ReportsLossNotRmse()
    {
        var data = PlantedPreferences.Create(users: 80);
        var result = new FactorizationTrainer(TrainerOptions.ForRanking() with { Epochs = 4, EmbeddingDimension = 8 }).Train(data.Train, data.Test);
        using var model = result.Model;

        result.Reports.Should().AllSatisfy(e =>
        {
            e.TrainRmse.Should().Be(double.NaN);
            e.TestRmse.Should().BeNull();
            e.TrainLoss.Should().BeInRange(0, 1);
        });
        result.Reports[^1].TrainLoss.Should().BeLessThan(result.Reports[0].TrainLoss!.Value);
    }

    [Fact]
    public void Constructor_NoRatingReachesThreshold_ThrowsNamingTheOption()
    {
        var set = RatingSet.FromRatings([(1, 10, 2f), (2, 20, 3f)], RatingScale.Netflix);
        using var tables = Tables(set, k: 4, seed: 1);
        var act = () => new FusedBprEpochRunner(set.All(), tables.Value, new FusedBprSettings(0.01f, 0.01f, 1, 1) { PositiveThreshold = 4 });
        act.Should().Throw<ArgumentException>().WithMessage("*PositiveThreshold*");
    }

    [Fact]
    public void Validate_RankingWithAdam_ThrowsNamingTheOption()
    {
        var act = () => (TrainerOptions.ForRanking() with { Optimizer = OptimizerKind.Adam }).Validate();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Optimizer*");
        var negatives = () => TrainerOptions.ForRanking(new RankingObjectiveOptions { NegativeSamples = 0 }).Validate();
        negatives.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*NegativeSamples*");
    }

    private static float[] Floats(Tensor tensor) => tensor.data<float>().ToArray();

    private static DisposableTables Tables(float[] users, float[] movies, float[] movieBiases) =>
        new(new FactorTables(tensor(users).reshape(users.Length / 2, 2).contiguous(), tensor(movies).reshape(movies.Length / 2, 2).contiguous(),
            zeros(users.Length / 2), tensor(movieBiases), 0f));

    private static DisposableTables Tables(RatingSet set, int k, int seed)
    {
        manual_seed(seed);
        return new(new FactorTables(randn(set.Users.Count, k).mul_(0.1f), randn(set.Movies.Count, k).mul_(0.1f), zeros(set.Users.Count), zeros(set.Movies.Count), 1f));
    }

    private sealed class DisposableTables(FactorTables value) : IDisposable
    {
        public FactorTables Value { get; } = value;

        public void Dispose()
        {
            Value.UserFactors.Dispose();
            Value.MovieFactors.Dispose();
            Value.UserBiases.Dispose();
            Value.MovieBiases.Dispose();
        }
    }
}
