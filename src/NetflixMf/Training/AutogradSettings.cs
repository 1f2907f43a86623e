namespace NetflixMf.Training;

/// <summary>What the autograd runner needs from the trainer options.</summary>
/// <param name="BatchSize">Ratings per step.</param>
/// <param name="Optimizer">How the tables are updated.</param>
/// <param name="L2Factors">L2 weight of the embedding rows (and the head's own table rows).</param>
/// <param name="L2Biases">L2 weight of the bias rows.</param>
/// <param name="Seed">Seeds every epoch's shuffle.</param>
/// <param name="UseTensorOptimizer">Update rows with tensor ops instead of the CPU loops (tests compare both).</param>
internal sealed record AutogradSettings(int BatchSize, OptimizerKind Optimizer, float L2Factors, float L2Biases, ulong Seed, bool UseTensorOptimizer = false)
{
    /// <summary>A row's total L2 penalty per epoch is lambda * n^exponent for n training ratings (1: per rating).</summary>
    public float L2RatingCountExponent { get; init; } = 1f;

    /// <summary>The decoupled weight decay of AdamW on the head's dense parameters.</summary>
    public float HeadWeightDecay { get; init; }

    /// <summary>A batch whose mean squared error exceeds this has diverged (the loss exploded without becoming NaN).</summary>
    public double DivergenceBatchMse { get; init; } = double.PositiveInfinity;
}
