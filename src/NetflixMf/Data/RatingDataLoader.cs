using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetflixMf.Data;

/// <summary>Loads Netflix Prize or MovieLens ratings from a file or folder into a <see cref="RatingSet"/>.</summary>
/// <remarks>
/// <para>A path may be a folder holding <c>combined_data_*.txt</c> or <c>training_set/</c> (with <c>probe.txt</c>,
/// <c>qualifying.txt</c> and <c>movie_titles.txt</c> beside them), the <c>training_set</c> folder itself, a folder with one
/// MovieLens file (<c>ratings.csv</c>, <c>ratings.dat</c>, <c>u.data</c>), or a single ratings file. When a folder holds both
/// <c>combined_data_*.txt</c> and <c>training_set/</c> (the same ratings twice), the combined files are read.</para>
/// <para>UTF-8 BOM, CRLF, a missing final line feed and blank lines are accepted. Duplicate (user, movie) pairs are
/// not looked for: they are kept as they appear (the Netflix Prize has none), so every line is either a rating, a
/// header, a blank line or a bad line, never silently dropped.</para>
/// <para>Dense indices are the ranks of the raw ids among the distinct ids, so the same data gives the same indices
/// whatever the file order or the number of threads. Ratings keep file order (files in ordinal name order).</para>
/// <para>Ids are the contract between files, models and callers: every public API takes and returns the raw ids of the
/// files (Netflix CustomerID and MovieID, MovieLens userId and movieId), positive 32-bit integers, never the dense
/// indices. Dense indices (<c>Index</c> in names) are positions in the tables of one <see cref="RatingSet"/> or model
/// and mean nothing elsewhere; a model file stores its id indexes, so raw ids keep their meaning after loading.</para>
/// </remarks>
public static class RatingDataLoader
{
    /// <summary>Loads every rating under <paramref name="path"/>.</summary>
    /// <param name="path">A ratings file or a folder (see remarks).</param>
    /// <param name="options">Format, bad-line policy and parallelism; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives bytes read per phase.</param>
    /// <param name="logger">Receives a summary, timings and skipped-line warnings.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The ratings, the load report and the side files found.</returns>
    /// <exception cref="RatingFormatException">A line is bad and <see cref="RatingReaderOptions.OnBadLine"/> is <see cref="BadLinePolicy.Error"/>.</exception>
    /// <exception cref="FileNotFoundException">The path holds no ratings file.</exception>
    /// <exception cref="InvalidDataException">The files hold no rating (empty, only a header, or every line skipped) and <see cref="RatingReaderOptions.AllowEmpty"/> is off.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static RatingLoadResult Load(
        string path,
        RatingReaderOptions? options = null,
        IProgress<LoadProgress>? progress = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        Load(path, options, progress, logger, ChunkedRatingReader.DefaultChunkBytes, cancellationToken);

    /// <summary>
    /// Finds the Netflix <c>probe.txt</c> a load of <paramref name="path"/> would report, without reading any rating:
    /// for checks that must fail before a long load.
    /// </summary>
    /// <param name="path">A ratings file or a folder, as for <see cref="Load(string, RatingReaderOptions?, IProgress{LoadProgress}?, ILogger?, CancellationToken)"/>.</param>
    /// <param name="format">The file format, as <see cref="RatingReaderOptions.Format"/>.</param>
    /// <returns>The path of probe.txt, or <see langword="null"/> when there is none (or the data is not in Netflix format).</returns>
    /// <exception cref="FileNotFoundException">The path holds no ratings.</exception>
    /// <exception cref="IOException">A ratings file is not a regular file.</exception>
    public static string? FindProbeFile(string path, RatingFileFormat format = RatingFileFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RatingLayout.Detect(path, format).ProbePath;
    }

    /// <summary>Loads with a chosen chunk size, so tests can make every line boundary a chunk boundary.</summary>
    internal static RatingLoadResult Load(
        string path, RatingReaderOptions? options, IProgress<LoadProgress>? progress, ILogger? logger, int chunkBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= RatingReaderOptions.Default;
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var layout = RatingLayout.Detect(path, options.Format);
        var result = ChunkedRatingReader.Read(layout, options, progress, logger ?? NullLogger.Instance, cancellationToken, chunkBytes);
        if (result.Ratings.Count == 0 && !options.AllowEmpty)
        {
            var report = result.Report;
            throw new InvalidDataException(
                $"{path} holds no ratings ({report.LinesRead:N0} lines read: {report.HeaderLines:N0} header, {report.BlankLines:N0} blank, {report.LinesSkipped:N0} skipped). " +
                "Set RatingReaderOptions.AllowEmpty to load it as an empty set.");
        }
        return result;
    }
}
