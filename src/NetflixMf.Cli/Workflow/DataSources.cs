using NetflixMf.Cli.Rendering;
using NetflixMf.Data;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's readers: ratings, movie titles and the probe set.</summary>
internal static class DataSources
{
    public const string ProbeFileName = "probe.txt";
    public const string TitlesFileName = "movie_titles.txt";

    /// <summary>Reads every rating under <paramref name="path"/> (a file or a folder) with the library's loader.</summary>
    public static LoadedData Load(string path, RatingFileFormat format, BadLinePolicy onBadLine, ProgressSink? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw CliException.DataError($"{path}: no such file or folder.");
        var options = RatingReaderOptions.Default with { Format = format, OnBadLine = onBadLine };
        // The loader counts lines first (a fast scan), then parses; the bar follows the parsing of the bytes.
        var reports = progress?.For<LoadProgress>((sink, p) =>
        {
            if (p.Phase == LoadPhase.Parsing) sink.Report(p.BytesRead, p.TotalBytes);
        });
        RatingLoadResult result = RatingDataLoader.Load(path, options, reports, logger: null, cancellationToken);
        LoadReport report = result.Report;
        return new LoadedData(
            path,
            result.Ratings,
            report.Format.ToString(),
            report.Files,
            report.LinesSkipped,
            report.SkippedExamples,
            report.Elapsed.TotalSeconds,
            result.ProbePath,
            result.MovieTitlesPath);
    }

    /// <summary>Movie id -> "Title (Year)" from a Netflix movie_titles.txt.</summary>
    public static IReadOnlyDictionary<int, string> ReadTitles(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such file.");
        MovieTitles titles = MovieTitlesReader.Read(path, cancellationToken);
        // Titles come from a data file: escape control characters so a title cannot drive the terminal.
        return titles.All.ToDictionary(t => t.MovieId, t => ErrorMessages.Sanitize(t.Year is int year ? $"{t.Title} ({year})" : t.Title, ErrorMessages.MaxQuotedLineLength));
    }

    /// <summary>The (user, movie) pairs of a Netflix probe.txt.</summary>
    public static IReadOnlyList<(int UserId, int MovieId)> ReadProbe(string path, CancellationToken cancellationToken) =>
        NetflixProbeReader.Read(path, cancellationToken);
}
