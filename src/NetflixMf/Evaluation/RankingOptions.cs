namespace NetflixMf.Evaluation;

/// <summary>Options of <see cref="RankingMetrics.Evaluate"/>; each property is validated when it is set.</summary>
public sealed record RankingOptions
{
    /// <summary>The length K of each user's recommendation list.</summary>
    /// <value>10; at least 1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int K
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(K), value, "K must be at least 1.");
    } = 10;

    /// <summary>The lowest test rating that makes a movie relevant to its user.</summary>
    /// <value>4, the usual choice on a 1-5 scale; it must lie inside the test set's rating scale.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number.</exception>
    public float RelevanceThreshold
    {
        get;
        init => field = float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(RelevanceThreshold), value, "RelevanceThreshold must be a finite number.");
    } = 4f;

    /// <summary>How many users are evaluated at the same time.</summary>
    /// <value>-1, meaning as many as the thread pool allows (as in <see cref="ParallelOptions.MaxDegreeOfParallelism"/>); otherwise at least 1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or less than -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "MaxDegreeOfParallelism must be -1 (no limit) or at least 1.");
    } = -1;
}
