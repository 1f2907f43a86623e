namespace NetflixMf.Training;

/// <summary>The research options of <see cref="FusedDotProductEpochRunner"/>, off in production; the tuned defaults live in <see cref="TrainerOptions"/>.</summary>
internal static class FusedDotProductDefaults
{
    /// <summary>A row's total L2 penalty is lambda * n^RegularizationExponent for n training ratings.</summary>
    public const float RegularizationExponent = 1f;

    /// <summary>Decay of the exponential average of the epochs' parameters (0 = no averaging).</summary>
    public const float AveragingDecay = 0f;

    /// <summary>Whether rows scale their steps by their accumulated squared gradients (AdaGrad, as LIBMF).</summary>
    public const bool AdaptiveSteps = false;
}
