using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>How <see cref="SvdPlusPlusTrainer"/> trains SVD++ (Koren 2008) and the time-aware biases of timeSVD++ (Koren 2009).</summary>
/// <remarks>Defaults are tuned on the MovieLens 100K folds u1..u5 (see docs/benchmarks.md); tweak with <c>with { ... }</c>.</remarks>
public sealed record SvdPlusPlusOptions
{
    /// <summary>The size k of p_u, q_i and y_j.</summary>
    /// <value>256 (0.001 RMSE better than 128 on MovieLens 100K; an epoch costs about twice as much).</value>
    public int EmbeddingDimension { get; init; } = 256;

    /// <summary>Passes over the training ratings.</summary>
    /// <value>80.</value>
    public int Epochs { get; init; } = 80;

    /// <summary>The SGD learning rate of the first epoch.</summary>
    /// <value>0.007 (the implicit factors overfit at the dot product's 0.015).</value>
    public float LearningRate { get; init; } = 0.007f;

    /// <summary>The factor the learning rate is multiplied by after each epoch.</summary>
    /// <value>0.98.</value>
    public float LearningRateDecay { get; init; } = 0.98f;

    /// <summary>The L2 penalty on p_u and q_i, applied at every rating.</summary>
    /// <value>0.05.</value>
    public float L2Regularization { get; init; } = 0.05f;

    /// <summary>The L2 penalty on the biases (static and time-aware), applied at every rating.</summary>
    /// <value>0.05.</value>
    public float BiasL2Regularization { get; init; } = 0.05f;

    /// <summary>The L2 penalty on the implicit factors y_j, applied for each rating of the user whose pass updates them
    /// (compounded once per user pass, as the per-rating updates of Koren 2008 would apply it).</summary>
    /// <value>0.003 (per rating: heavy users' implicit signal is shrunk more; tuned on MovieLens 100K and latest-small).</value>
    public float ImplicitL2Regularization { get; init; } = 0.003f;

    /// <summary>Whether to learn the implicit factors y_j (SVD++). False trains biased matrix factorization (plus time biases when on).</summary>
    /// <value><see langword="true"/>.</value>
    public bool ImplicitFeedback { get; init; } = true;

    /// <summary>Whether to learn the time-aware biases alpha_u dev_u(t), b_{u,t} and b_{i,Bin(t)}; needs dated ratings.</summary>
    /// <value><see langword="false"/>.</value>
    public bool TimeBiases { get; init; }

    /// <summary>The number of equal-width movie time bins over the training dates.</summary>
    /// <value>30 (as Koren 2009).</value>
    public int TimeBins { get; init; } = 30;

    /// <summary>The total L2 penalty on each day bias b_{u,t} per epoch, spread over the ratings of that user-day (so a day
    /// with few ratings shrinks towards 0, like Koren's shrunk baseline estimates).</summary>
    /// <value>10.</value>
    public float DayBiasL2Regularization { get; init; } = 10f;

    /// <summary>The total L2 penalty on each movie bin bias b_{i,Bin(t)} per epoch, spread over the ratings of that movie in that bin.</summary>
    /// <value>100.</value>
    public float BinBiasL2Regularization { get; init; } = 100f;

    /// <summary>The standard deviation of the normal initialization of p_u and q_i (y_j and biases start at 0).</summary>
    /// <value>0.003.</value>
    public float InitialStandardDeviation { get; init; } = 0.003f;

    /// <summary>The seed of the initialization and of every epoch's order: the same seed gives the same model whatever the thread count.</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means one per core.</summary>
    /// <value>0.</value>
    public int Threads { get; init; }

    /// <summary>Independent lanes of users trained in parallel against their own copy of the movie-side parameters and merged
    /// after each round; at most this many threads are used. Part of the result (unlike <see cref="Threads"/>).</summary>
    /// <value>2.</value>
    public int ParallelLanes { get; init; } = 2;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        Check(EmbeddingDimension is >= 1 and <= 4096, nameof(EmbeddingDimension), EmbeddingDimension, "1..4096");
        Check(Epochs is >= 1 and <= 10_000, nameof(Epochs), Epochs, "1..10000");
        Check(float.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 10, nameof(LearningRate), LearningRate, "(0, 10]");
        Check(float.IsFinite(LearningRateDecay) && LearningRateDecay > 0 && LearningRateDecay <= 1, nameof(LearningRateDecay), LearningRateDecay, "(0, 1]");
        Check(float.IsFinite(L2Regularization) && L2Regularization is >= 0 and <= 100, nameof(L2Regularization), L2Regularization, "[0, 100]");
        Check(float.IsFinite(BiasL2Regularization) && BiasL2Regularization is >= 0 and <= 100, nameof(BiasL2Regularization), BiasL2Regularization, "[0, 100]");
        Check(float.IsFinite(ImplicitL2Regularization) && ImplicitL2Regularization is >= 0 and <= 100, nameof(ImplicitL2Regularization), ImplicitL2Regularization, "[0, 100]");
        Check(float.IsFinite(DayBiasL2Regularization) && DayBiasL2Regularization is >= 0 and <= 10_000, nameof(DayBiasL2Regularization), DayBiasL2Regularization, "[0, 10000]");
        Check(float.IsFinite(BinBiasL2Regularization) && BinBiasL2Regularization is >= 0 and <= 10_000, nameof(BinBiasL2Regularization), BinBiasL2Regularization, "[0, 10000]");
        Check(TimeBins is >= 1 and <= 10_000, nameof(TimeBins), TimeBins, "1..10000");
        Check(float.IsFinite(InitialStandardDeviation) && InitialStandardDeviation is >= 0 and <= 10, nameof(InitialStandardDeviation), InitialStandardDeviation, "[0, 10]");
        Check(ParallelLanes is >= 1 and <= 64, nameof(ParallelLanes), ParallelLanes, "1..64");
        OptionGuard.RequireThreads(Threads, nameof(SvdPlusPlusOptions), nameof(Threads));
    }

    private static void Check(bool valid, string name, object? value, string range) => OptionGuard.Require(valid, nameof(SvdPlusPlusOptions), name, value, range);
}
