namespace NetflixMf.Training;

/// <summary>The tuned defaults of <see cref="TrainerOptions.ForCustomHead"/> (autograd heads); see docs/benchmarks.md.</summary>
internal static class AutogradDefaults
{
    public const float LearningRate = 0.01f;
    public const float LearningRateDecay = 0.9f;
    public const float L2Regularization = 40f;
    public const float BiasL2Regularization = 1f;
    public const float L2RatingCountExponent = 0f;
    public const float HeadWeightDecay = 1e-4f;
    public const int Epochs = 40;
    public const int EmbeddingDimension = 64;
    public const float InitialStandardDeviation = 0.1f;
}
