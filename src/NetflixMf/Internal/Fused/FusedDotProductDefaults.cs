namespace NetflixMf.Internal.Fused;

/// <summary>The tuned defaults of the biased dot-product model trained by <see cref="FusedDotProductEpochRunner"/>.</summary>
internal static class FusedDotProductDefaults
{
    /// <summary>Factors per user and per movie.</summary>
    public const int EmbeddingDimension = 64;

    /// <summary>Passes over the training ratings.</summary>
    public const int Epochs = 30;

    /// <summary>The learning rate of the first epoch.</summary>
    public const float LearningRate = 0.05f;

    /// <summary>The learning rate of epoch e is LearningRate * LearningRateDecay^(e - 1).</summary>
    public const float LearningRateDecay = 0.95f;

    /// <summary>L2 penalty on the factors, applied at each rating.</summary>
    public const float L2Factors = 0.05f;

    /// <summary>L2 penalty on the biases, applied at each rating.</summary>
    public const float L2Biases = 0.01f;

    /// <summary>Standard deviation of the normal initialization of the factors (biases start at 0).</summary>
    public const float InitStd = 0.01f;

    /// <summary>A row's total L2 penalty is lambda * n^RegularizationExponent for n training ratings.</summary>
    public const float RegularizationExponent = 1f;

    /// <summary>Decay of the exponential average of the epochs' parameters (0 = no averaging).</summary>
    public const float AveragingDecay = 0f;

    /// <summary>Whether rows scale their steps by their accumulated squared gradients (AdaGrad, as LIBMF).</summary>
    public const bool AdaptiveSteps = true;
}
