namespace NetflixMf.Training;

/// <summary>What the fused CPU trainer of the biased dot-product model needs beyond the learning rate of each epoch.</summary>
/// <param name="L2Factors">L2 penalty on the user and movie factors, applied at every rating a row takes part in (so a row's penalty grows with its number of ratings, as in Koren 2009).</param>
/// <param name="L2Biases">L2 penalty on the user and movie biases, applied the same way.</param>
/// <param name="Threads">Worker threads (1 or more). They change the speed, never the result.</param>
/// <param name="Seed">Seeds the grid schedule and every epoch's visiting order.</param>
internal sealed record FusedDotProductSettings(float L2Factors, float L2Biases, int Threads, ulong Seed)
{
    /// <summary>Rows (and columns) of the block grid; 0 picks it from the data alone (never from the thread count, so the result does not depend on it).</summary>
    public int GridSize { get; init; }

    /// <summary>Throws when a setting is outside its range.</summary>
    public void Validate()
    {
        if (!(L2Factors >= 0) || float.IsInfinity(L2Factors)) throw new ArgumentOutOfRangeException(nameof(L2Factors), L2Factors, "L2Factors must be a finite number >= 0.");
        if (!(L2Biases >= 0) || float.IsInfinity(L2Biases)) throw new ArgumentOutOfRangeException(nameof(L2Biases), L2Biases, "L2Biases must be a finite number >= 0.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (GridSize < 0) throw new ArgumentOutOfRangeException(nameof(GridSize), GridSize, "GridSize must be 0 (automatic) or positive.");
    }
}
