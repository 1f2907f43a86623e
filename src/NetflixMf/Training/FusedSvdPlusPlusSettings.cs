namespace NetflixMf.Training;

/// <summary>What <see cref="FusedSvdPlusPlusEpochRunner"/> needs beyond the learning rate of each epoch.</summary>
/// <param name="Factors">The size k of the factors.</param>
/// <param name="L2Factors">L2 penalty on p_u and q_i, applied at every rating.</param>
/// <param name="L2Biases">L2 penalty on b_u, b_i (and the time biases b_{u,t}, b_{i,bin}), applied at every rating.</param>
/// <param name="Threads">Worker threads (1 or more); the result does not depend on it.</param>
/// <param name="Seed">Seeds the initialization and every epoch's order.</param>
internal sealed record FusedSvdPlusPlusSettings(int Factors, float L2Factors, float L2Biases, int Threads, int Seed)
{
    /// <summary>Whether to learn the implicit factors y_j (SVD++); false gives biased matrix factorization.</summary>
    public bool ImplicitFeedback { get; init; } = true;

    /// <summary>L2 penalty on y_j per rating of the user, compounded once per user pass: y_j *= (1 - lr_y lambda_y)^|R(u)|.</summary>
    public float L2Implicit { get; init; } = 0.003f;

    /// <summary>
    /// The learning rate of y_j relative to the movie side's (lanes x the epoch's). Half: with the y updates applied at
    /// each user's next pass, the full rate overshot on MovieLens 100K (0.9049 against 0.8974 at half, which equals the
    /// immediate update's best).
    /// </summary>
    public float ImplicitLearningRateScale { get; init; } = 0.5f;

    /// <summary>Whether to learn the time-aware biases alpha_u, b_{u,t} and b_{i,bin}.</summary>
    public bool TimeBiases { get; init; }

    /// <summary>The number of movie time bins.</summary>
    public int TimeBins { get; init; } = 30;

    /// <summary>The exponent beta of dev_u(t).</summary>
    public float DriftExponent { get; init; } = 0.4f;

    /// <summary>The learning rate of alpha_u relative to the epoch's (dev_u(t) reaches ~20, so it is small).</summary>
    public float DriftLearningRateScale { get; init; } = 0.01f;

    /// <summary>L2 penalty on alpha_u.</summary>
    public float L2Drift { get; init; } = 0.05f;

    /// <summary>Total L2 penalty per epoch on each day bias b_{u,t}, spread over its ratings (most user-days have few).</summary>
    public float L2DayBiases { get; init; } = 10f;

    /// <summary>Total L2 penalty per epoch on each movie bin bias b_{i,bin}, spread over its ratings.</summary>
    public float L2BinBiases { get; init; } = 25f;

    /// <summary>The standard deviation of the normal initialization of p_u and q_i (y_j and all biases start at 0).</summary>
    public float InitialStandardDeviation { get; init; } = 0.003f;

    /// <summary>
    /// Independent lanes of users per round; each lane trains on its own copy of the movie-side parameters, merged
    /// after each round in lane order. The result depends on the lanes, not on the threads.
    /// </summary>
    public int Lanes { get; init; } = 2;

    /// <summary>Throws when a setting is outside its range.</summary>
    public void Validate()
    {
        if (Factors < 1) throw new ArgumentOutOfRangeException(nameof(Factors), Factors, "Factors must be at least 1.");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1.");
        if (Lanes is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(Lanes), Lanes, "Lanes must lie in 1..64.");
        if (TimeBins is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(TimeBins), TimeBins, "TimeBins must lie in 1..10000.");
        foreach (var (name, value) in new[] { (nameof(L2Factors), L2Factors), (nameof(L2Biases), L2Biases), (nameof(L2Implicit), L2Implicit), (nameof(L2Drift), L2Drift), (nameof(L2DayBiases), L2DayBiases), (nameof(L2BinBiases), L2BinBiases), (nameof(ImplicitLearningRateScale), ImplicitLearningRateScale), (nameof(DriftLearningRateScale), DriftLearningRateScale), (nameof(InitialStandardDeviation), InitialStandardDeviation) })
        {
            if (!(value >= 0) || float.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }
        if (!(DriftExponent > 0 && DriftExponent <= 2)) throw new ArgumentOutOfRangeException(nameof(DriftExponent), DriftExponent, "DriftExponent must lie in (0, 2].");
    }
}
