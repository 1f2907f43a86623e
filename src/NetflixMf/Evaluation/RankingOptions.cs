using NetflixMf.Shared;

namespace NetflixMf.Evaluation;

/// <summary>Options of <see cref="RankingMetrics.Evaluate"/>, checked by <see cref="Validate"/> when evaluation starts.</summary>
public sealed record RankingOptions
{
    /// <summary>The length K of each user's recommendation list.</summary>
    /// <value>10; at least 1.</value>
    public int K { get; init; } = 10;

    /// <summary>The lowest test rating that makes a movie relevant to its user.</summary>
    /// <value>4, the usual choice on a 1-5 scale; it must lie inside the test set's rating scale.</value>
    public float RelevanceThreshold { get; init; } = 4f;

    /// <summary>How many users are evaluated at the same time; 0 means one thread per core.</summary>
    /// <value>0.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        OptionGuard.Require(K >= 1, nameof(RankingOptions), nameof(K), K, "1..2147483647");
        OptionGuard.Require(float.IsFinite(RelevanceThreshold), nameof(RankingOptions), nameof(RelevanceThreshold), RelevanceThreshold, "finite numbers");
        OptionGuard.RequireThreads(MaxDegreeOfParallelism, nameof(RankingOptions), nameof(MaxDegreeOfParallelism));
    }
}
