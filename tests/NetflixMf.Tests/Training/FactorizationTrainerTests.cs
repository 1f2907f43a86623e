using NetflixMf.Models;
using NetflixMf.Tests.Models;
using NetflixMf.Training;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class FactorizationTrainerTests
{
    private static readonly SyntheticRatings Data = SyntheticRatings.Create();

    [Theory]
    [MemberData(nameof(TestHeads.All), MemberType = typeof(TestHeads))]
    public void Fit_LowRankData_BeatsBiasOnlyOracle(string head)
    {
        var result = new FactorizationTrainer(TestHeads.Options(head)).Train(Data.Train, Data.Test);
        using var model = result.Model;
        double rmse = SyntheticRatings.Rmse(model, Data.Test);
        foreach (var r in result.Reports) Console.WriteLine($"{head} {r.Epoch} {r.TrainRmse:F4} {r.TestRmse:F4}");
        Console.WriteLine($"{head}: {rmse:F4} vs bias-only oracle {Data.BiasOnlyOracleRmse:F4}");
        rmse.Should().BeLessThan(0.75 * Data.BiasOnlyOracleRmse, "a model without interactions cannot beat the true biases");
        result.Reports.Should().HaveCount(TestHeads.Options(head).Epochs);
        result.Reports[^1].TestRmse.Should().BeApproximately(rmse, 1e-6, "single and batched head predictions may differ in the last float bits");
    }
}
