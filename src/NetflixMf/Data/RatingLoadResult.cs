namespace NetflixMf.Data;

/// <summary>The ratings loaded from a path, the report of the load, and the side files found beside the ratings.</summary>
public sealed class RatingLoadResult
{
    internal RatingLoadResult(RatingSet ratings, LoadReport report, string? probePath, string? qualifyingPath, string? movieTitlesPath)
    {
        Ratings = ratings;
        Report = report;
        ProbePath = probePath;
        QualifyingPath = qualifyingPath;
        MovieTitlesPath = movieTitlesPath;
    }

    /// <summary>The ratings, with dense indices assigned in ascending raw id order.</summary>
    public RatingSet Ratings { get; }

    /// <summary>What was read and skipped.</summary>
    public LoadReport Report { get; }

    /// <summary>The Netflix <c>probe.txt</c> found beside the ratings, or <see langword="null"/>.</summary>
    public string? ProbePath { get; }

    /// <summary>The Netflix <c>qualifying.txt</c> found beside the ratings, or <see langword="null"/>.</summary>
    public string? QualifyingPath { get; }

    /// <summary>The Netflix <c>movie_titles.txt</c> found beside the ratings, or <see langword="null"/>.</summary>
    public string? MovieTitlesPath { get; }
}
