namespace NetflixMf.Data;

/// <summary>What a load read and what it skipped; every line read is accounted for.</summary>
/// <remarks>
/// <see cref="LinesRead"/> = <see cref="HeaderLines"/> + <see cref="BlankLines"/> + <see cref="RatingsRead"/> +
/// <see cref="LinesSkipped"/>: nothing is dropped silently.
/// </remarks>
public sealed class LoadReport
{
    internal LoadReport(
        RatingFileFormat format,
        RatingScale scale,
        IReadOnlyList<string> files,
        long bytesRead,
        long linesRead,
        long headerLines,
        long blankLines,
        long ratingsRead,
        IReadOnlyDictionary<BadLineReason, long> skippedByReason,
        IReadOnlyList<string> skippedExamples,
        TimeSpan elapsed)
    {
        Format = format;
        Scale = scale;
        Files = files;
        BytesRead = bytesRead;
        LinesRead = linesRead;
        HeaderLines = headerLines;
        BlankLines = blankLines;
        RatingsRead = ratingsRead;
        SkippedByReason = skippedByReason;
        SkippedExamples = skippedExamples;
        Elapsed = elapsed;
    }

    /// <summary>The format that was read (never <see cref="RatingFileFormat.Auto"/>).</summary>
    public RatingFileFormat Format { get; }

    /// <summary>The rating scale of the data.</summary>
    public RatingScale Scale { get; }

    /// <summary>The ratings files read, in the order their ratings appear in the set.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The number of ratings files read.</summary>
    public int FilesRead => Files.Count;

    /// <summary>The total size of the files read.</summary>
    public long BytesRead { get; }

    /// <summary>All lines read, including headers, blank and skipped lines.</summary>
    public long LinesRead { get; }

    /// <summary>Valid header lines: Netflix <c>MovieID:</c> lines and the MovieLens CSV column header.</summary>
    public long HeaderLines { get; }

    /// <summary>Empty or white-space-only lines, which are ignored.</summary>
    public long BlankLines { get; }

    /// <summary>The ratings read into the set.</summary>
    public long RatingsRead { get; }

    /// <summary>The lines skipped under <see cref="BadLinePolicy.Skip"/> (always 0 under <see cref="BadLinePolicy.Error"/>).</summary>
    public long LinesSkipped => SkippedByReason.Values.Sum();

    /// <summary>The number of skipped lines per reason; reasons with no skipped line are absent.</summary>
    public IReadOnlyDictionary<BadLineReason, long> SkippedByReason { get; }

    /// <summary>The first skipped lines in file order, each as <c>FILE:LINE: what is wrong (the offending text)</c>.</summary>
    public IReadOnlyList<string> SkippedExamples { get; }

    /// <summary>The wall time of the load.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Format}: {FilesRead} file(s), {BytesRead:N0} bytes, {LinesRead:N0} lines, {RatingsRead:N0} ratings, " +
        $"{HeaderLines:N0} headers, {BlankLines:N0} blank, {LinesSkipped:N0} skipped in {Elapsed.TotalSeconds:F2} s";
}
