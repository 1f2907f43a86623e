namespace NetflixMf.Data.Synthetic;

/// <summary>What a synthetic data set contains and how well a perfect model and a trivial model would score on it.</summary>
public sealed record SyntheticDataSummary
{
    /// <summary>The number of written ratings (combined_data files; probe ratings included).</summary>
    public required int Ratings { get; init; }

    /// <summary>The number of distinct users with at least one written rating.</summary>
    public required int Users { get; init; }

    /// <summary>The number of movies (ids 1..Movies), each with at least one rating.</summary>
    public required int Movies { get; init; }

    /// <summary>The number of (user, movie) pairs in probe.txt; each is also a written rating.</summary>
    public required int ProbePairs { get; init; }

    /// <summary>The number of hidden (user, movie, date) pairs of qualifying.txt (drawn whether or not the file is written).</summary>
    public required int QualifyingPairs { get; init; }

    /// <summary>The mean written rating.</summary>
    public required double MeanRating { get; init; }

    /// <summary>The RMSE of always predicting <see cref="MeanRating"/> (the standard deviation of the ratings).</summary>
    public required double GlobalMeanRmse { get; init; }

    /// <summary>The RMSE of the noise-free true model (clamped to 1..5) against the written integer ratings: about the
    /// best any model can do, so a model test can assert it gets close and a broken model cannot.</summary>
    public required double OracleRmse { get; init; }

    /// <summary>The files written, full paths (empty for an in-memory set).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The total size of <see cref="Files"/> in bytes.</summary>
    public required long TotalBytes { get; init; }
}
