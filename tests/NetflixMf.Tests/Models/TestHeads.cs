using NetflixMf.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

/// <summary>Fast training options for each head the tests cover (built-ins and the custom <see cref="GatedHead"/>).</summary>
internal static class TestHeads
{
    public static TheoryData<string> All => new() { "dot", "mlp", "neumf", "gated" };

    public static TrainerOptions Options(string head) => head switch
    {
        "dot" => new TrainerOptions { Optimizer = OptimizerKind.Adam, InitialStandardDeviation = 0.1f, EmbeddingDimension = 8, Epochs = 12, BatchSize = 256, LearningRate = 0.02f, L2Regularization = 0.02f, LearningRateDecay = 0.95f, Threads = 1 },
        // MLPs learn dot-product structure slowly (Rendle et al. 2020), so this head gets more width, epochs and steps.
        "mlp" => TrainerOptions.ForMlpHead(new MlpHeadOptions { HiddenLayers = [64, 32], Dropout = 0f }) with
        {
            EmbeddingDimension = 16,
            Epochs = 30,
            BatchSize = 64,
            LearningRate = 0.003f,
            L2Regularization = 0.01f,
            L2RatingCountExponent = 1f,
            LearningRateDecay = 0.95f,
            EarlyStopping = null,
            HeadWeightDecay = 0f,
            Threads = 1,
            PretrainWithDotProduct = false,
        },
        "neumf" => TrainerOptions.ForNeuMfHead(new NeuMfHeadOptions { MlpEmbeddingDimension = 8, HiddenLayers = [16, 8] }) with
        {
            EmbeddingDimension = 8,
            Epochs = 12,
            BatchSize = 256,
            LearningRate = 0.02f,
            L2Regularization = 0.02f,
            L2RatingCountExponent = 1f,
            LearningRateDecay = 0.95f,
            InitialStandardDeviation = 0.1f,
            EarlyStopping = null,
            Threads = 1,
            PretrainWithDotProduct = false,
        },
        "gated" => new TrainerOptions { Head = GatedHead.Factory, Optimizer = OptimizerKind.Adam, InitialStandardDeviation = 0.1f, EmbeddingDimension = 8, Epochs = 12, BatchSize = 256, LearningRate = 0.02f, L2Regularization = 0.02f, LearningRateDecay = 0.95f, Threads = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "Unknown test head."),
    };

    public static HeadFactory? Factory(string head) => head == "gated" ? GatedHead.Factory : null;
}
