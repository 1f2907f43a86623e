namespace NetflixMf.Training;

/// <summary>What the fused CPU trainer of the ranking (BPR) objective needs beyond the learning rate of each epoch.</summary>
/// <param name="L2Factors">L2 penalty on the user and movie factors, applied at every update of a row.</param>
/// <param name="L2Biases">L2 penalty on the movie biases, applied the same way.</param>
/// <param name="Threads">Worker threads (1 or more).</param>
/// <param name="Seed">Seeds the grid assignment, every epoch's shuffle and the negative samples.</param>
internal sealed record FusedBprSettings(float L2Factors, float L2Biases, int Threads, ulong Seed)
{
    /// <summary>The lowest rating that makes a pair a positive; <see langword="null"/> for every pair.</summary>
    public float? PositiveThreshold { get; init; }

    /// <summary>Negatives sampled per positive; the highest-scoring one is used.</summary>
    public int NegativeSamples { get; init; } = 1;

    /// <summary>Rows and columns of the block grid; 0 picks it from the data size and thread count.</summary>
    public int GridSize { get; init; }

    /// <summary>Throws when a setting is outside its range.</summary>
    public void Validate()
    {
        if (!(L2Factors >= 0) || float.IsInfinity(L2Factors)) throw new ArgumentOutOfRangeException(nameof(L2Factors), L2Factors, "L2Factors must be a finite number >= 0.");
        if (!(L2Biases >= 0) || float.IsInfinity(L2Biases)) throw new ArgumentOutOfRangeException(nameof(L2Biases), L2Biases, "L2Biases must be a finite number >= 0.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (NegativeSamples < 1) throw new ArgumentOutOfRangeException(nameof(NegativeSamples), NegativeSamples, "NegativeSamples must be at least 1.");
        if (GridSize < 0) throw new ArgumentOutOfRangeException(nameof(GridSize), GridSize, "GridSize must be 0 (automatic) or positive.");
    }
}
