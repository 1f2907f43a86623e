using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>Options of <see cref="RatingDataLoader"/>; tweak the defaults with <c>with { ... }</c>.</summary>
public sealed record RatingReaderOptions
{
    /// <summary>The defaults: auto-detected format, bad lines throw, all cores, ten skipped examples.</summary>
    public static RatingReaderOptions Default { get; } = new();

    /// <summary>The file format, or <see cref="RatingFileFormat.Auto"/> to detect it.</summary>
    /// <value>Default <see cref="RatingFileFormat.Auto"/>.</value>
    public RatingFileFormat Format { get; init; } = RatingFileFormat.Auto;

    /// <summary>What to do with a line that cannot be parsed.</summary>
    /// <value>Default <see cref="BadLinePolicy.Error"/>: the first bad line throws a <see cref="RatingFormatException"/>.</value>
    public BadLinePolicy OnBadLine { get; init; } = BadLinePolicy.Error;

    /// <summary>The number of threads that parse, or 0 for one per core.</summary>
    /// <value>Default 0 (all cores). Allowed 0 to 1024.</value>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>How many skipped lines <see cref="LoadReport.SkippedExamples"/> keeps (the first ones in file order).</summary>
    /// <value>Default 10. Allowed 0 to 10,000.</value>
    public int MaxSkippedExamples { get; init; } = 10;

    /// <summary>Whether a path that yields no rating (an empty file, only a header, every line skipped) loads as an empty set.</summary>
    /// <value>Default <see langword="false"/>: no rating is an <see cref="InvalidDataException"/> naming the path, because an empty set trains nothing and evaluates to nothing.</value>
    public bool AllowEmpty { get; init; }

    /// <summary>Checks every option and throws an exception naming the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its allowed range.</exception>
    public void Validate()
    {
        OptionGuard.Require(Enum.IsDefined(Format), nameof(RatingReaderOptions), nameof(Format), Format, "Auto, Netflix or MovieLens");
        OptionGuard.Require(Enum.IsDefined(OnBadLine), nameof(RatingReaderOptions), nameof(OnBadLine), OnBadLine, "Error or Skip");
        OptionGuard.RequireThreads(MaxDegreeOfParallelism, nameof(RatingReaderOptions), nameof(MaxDegreeOfParallelism));
        OptionGuard.Require(MaxSkippedExamples is >= 0 and <= 10_000, nameof(RatingReaderOptions), nameof(MaxSkippedExamples), MaxSkippedExamples, "0..10000");
    }

    internal int EffectiveParallelism => OptionGuard.ResolveThreads(MaxDegreeOfParallelism);
}
