using NetflixMf.Tests.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

/// <summary>The device path on a real GPU: skipped (not passed) where there is none.</summary>
[Collection(TorchCollection.Name)]
public sealed class CudaTrainingTests
{
    [CudaFact]
    public void Fit_OnCuda_LearnsAsWellAsOnCpu()
    {
        var data = SyntheticRatings.Create();
        var options = TestHeads.Options("dot") with { Epochs = 8 };
        using var cpu = new FactorizationTrainer(options).Train(data.Train).Model;
        using var gpu = new FactorizationTrainer(options with { Device = "cuda" }).Train(data.Train).Model;
        double cpuRmse = SyntheticRatings.Rmse(cpu, data.Test);
        SyntheticRatings.Rmse(gpu, data.Test).Should().BeLessThan(data.BiasOnlyOracleRmse * 1.05).And.BeApproximately(cpuRmse, 0.02);
    }
}
