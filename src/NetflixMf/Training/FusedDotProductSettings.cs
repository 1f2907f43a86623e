namespace NetflixMf.Training;

/// <summary>What the fused CPU trainer of the biased dot-product model needs beyond the learning rate of each epoch.</summary>
/// <param name="L2Factors">L2 penalty on the user and movie factors, applied at every rating a row takes part in (so a row's penalty grows with its number of ratings, as in Koren 2009).</param>
/// <param name="L2Biases">L2 penalty on the user and movie biases, applied the same way.</param>
/// <param name="Threads">Worker threads (1 or more).</param>
/// <param name="Seed">Seeds the grid assignment and every epoch's shuffle.</param>
internal sealed record FusedDotProductSettings(float L2Factors, float L2Biases, int Threads, ulong Seed)
{
    /// <summary>
    /// Whether each row scales its step by its accumulated squared gradient (AdaGrad per row, as LIBMF does) instead of
    /// plain SGD. The epoch's learning rate multiplies the scaled step either way.
    /// </summary>
    public bool AdaptiveSteps { get; init; } = FusedDotProductDefaults.AdaptiveSteps;

    /// <summary>
    /// How a row's total L2 penalty grows with its number of training ratings n: lambda * n^exponent. 1 applies the
    /// full penalty at every rating (Koren 2009, ALS-WR); 0 gives every row the same total penalty.
    /// </summary>
    public float RegularizationExponent { get; init; } = FusedDotProductDefaults.RegularizationExponent;

    /// <summary>
    /// 0 trains the tables directly. Above 0 the runner trains a private copy (the SGD iterate) and after each completed
    /// epoch sets table = decay * table + (1 - decay) * iterate, an exponential average of the epochs' end points
    /// (Polyak averaging), which removes much of the SGD noise of the last epochs.
    /// </summary>
    public float AveragingDecay { get; init; } = FusedDotProductDefaults.AveragingDecay;

    /// <summary>Rows and columns of the block grid; 0 picks it from the data size and thread count.</summary>
    public int GridSize { get; init; }

    /// <summary>Throws when a setting is outside its range.</summary>
    public void Validate()
    {
        if (!(L2Factors >= 0) || float.IsInfinity(L2Factors)) throw new ArgumentOutOfRangeException(nameof(L2Factors), L2Factors, "L2Factors must be a finite number >= 0.");
        if (!(L2Biases >= 0) || float.IsInfinity(L2Biases)) throw new ArgumentOutOfRangeException(nameof(L2Biases), L2Biases, "L2Biases must be a finite number >= 0.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (!(RegularizationExponent >= 0 && RegularizationExponent <= 2)) throw new ArgumentOutOfRangeException(nameof(RegularizationExponent), RegularizationExponent, "RegularizationExponent must lie in 0..2.");
        if (!(AveragingDecay >= 0 && AveragingDecay < 1)) throw new ArgumentOutOfRangeException(nameof(AveragingDecay), AveragingDecay, "AveragingDecay must lie in [0, 1).");
        if (GridSize < 0) throw new ArgumentOutOfRangeException(nameof(GridSize), GridSize, "GridSize must be 0 (automatic) or positive.");
    }
}
