using NetflixMf.Models;
using NetflixMf.Tests.Models;
using NetflixMf.Training;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class AutogradEpochRunnerTests
{
    /// <summary>
    /// The CPU path adds the L2 gradient in its row loop; the tensor path differentiates the penalty in the graph. The
    /// NeuMF rows use per-row weights n^(e - 1) and a head with its own tables, so every table and coefficient is covered.
    /// </summary>
    [Theory]
    [InlineData(OptimizerKind.Adam, false)]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Adam, true)]
    [InlineData(OptimizerKind.Sgd, true)]
    public void RunEpoch_CpuRowOptimizerAndTensorOptimizer_Agree(OptimizerKind optimizer, bool neuMf)
    {
        var data = SyntheticRatings.Create(users: 60, movies: 40, ratings: 1200);
        var cpu = Run(data, optimizer, useTensorOptimizer: false, neuMf);
        var tensor = Run(data, optimizer, useTensorOptimizer: true, neuMf);
        cpu.Should().HaveCount(neuMf ? 6 : 4, "NeuMF declares its own user and movie tables").And.HaveCount(tensor.Length);
        for (int t = 0; t < cpu.Length; t++)
        {
            cpu[t].Should().Equal(tensor[t], (a, b) => Math.Abs(a - b) < 1e-5f, "table {0}", t);
        }
        cpu[0].Should().NotEqual(Run(data, optimizer, useTensorOptimizer: false, neuMf, epochs: 0)[0], "training must change the tables");
    }

    [Fact]
    public void RunEpoch_TouchesOnlyRowsOfItsRatings()
    {
        var data = SyntheticRatings.Create(users: 60, movies: 40, ratings: 1200);
        int untouchedUser = data.Set.UserIndices[0];
        int[] positions = [.. Enumerable.Range(0, data.Set.Count).Where(p => data.Set.UserIndices[p] != untouchedUser)];
        var view = new NetflixMf.Data.RatingView(data.Set, positions);
        using var tables = Tables(data, 4);
        float[] before = tables.Tables.UserFactors[untouchedUser].data<float>().ToArray();
        using var head = new DotProductHead();
        using (var runner = new AutogradEpochRunner(view, tables.Tables, head, new AutogradSettings(64, OptimizerKind.Adam, 0.05f, 0.01f, 1), CPU))
        {
            runner.RunEpoch(1, 0.01f, CancellationToken.None).Count.Should().Be(positions.Length);
        }
        tables.Tables.UserFactors[untouchedUser].data<float>().ToArray().Should().Equal(before, "lazy updates leave rows without ratings alone (no weight decay)");
    }

    private static float[][] Run(SyntheticRatings data, OptimizerKind optimizer, bool useTensorOptimizer, bool neuMf, int epochs = 2)
    {
        using var tables = Tables(data, 4);
        manual_seed(5);
        using FactorizationHead head = neuMf
            ? HeadFactory.NeuMf(new NeuMfHeadOptions { MlpEmbeddingDimension = 4, HiddenLayers = [8] })
                .CreateHead(new HeadContext(4) { UserCount = data.Set.Users.Count, MovieCount = data.Set.Movies.Count })
            : new DotProductHead();
        var settings = new AutogradSettings(64, optimizer, neuMf ? 0.3f : 0.05f, neuMf ? 0.2f : 0.01f, 1, useTensorOptimizer) { L2RatingCountExponent = neuMf ? 0.5f : 1f };
        using var runner = new AutogradEpochRunner(data.Train, tables.Tables, head, settings, CPU);
        for (int epoch = 1; epoch <= epochs; epoch++) runner.RunEpoch(epoch, 0.01f, CancellationToken.None);
        Tensor[] all = [tables.Tables.UserFactors, tables.Tables.MovieFactors, tables.Tables.UserBiases, tables.Tables.MovieBiases, .. head.Tables.Select(head.TableTensor)];
        return [.. all.Select(t => t.data<float>().ToArray())];
    }

    private static OwnedTables Tables(SyntheticRatings data, int k)
    {
        manual_seed(3);
        return new OwnedTables(new FactorTables(randn(data.Set.Users.Count, k).mul_(0.1f), randn(data.Set.Movies.Count, k).mul_(0.1f),
            zeros(data.Set.Users.Count), zeros(data.Set.Movies.Count), (float)data.Train.Mean()));
    }

    private sealed record OwnedTables(FactorTables Tables) : IDisposable
    {
        public void Dispose()
        {
            Tables.UserFactors.Dispose();
            Tables.MovieFactors.Dispose();
            Tables.UserBiases.Dispose();
            Tables.MovieBiases.Dispose();
        }
    }
}
