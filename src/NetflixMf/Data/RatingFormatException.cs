namespace NetflixMf.Data;

/// <summary>A line of a data file could not be parsed; the message reads <c>FILE:LINE: what is wrong (the offending text)</c>.</summary>
/// <remarks>
/// It derives from <see cref="FormatException"/> because <see cref="InvalidDataException"/> is sealed; catch
/// <see cref="FormatException"/> for bad text and <see cref="InvalidDataException"/> for a bad binary cache.
/// </remarks>
public sealed class RatingFormatException : FormatException
{
    /// <summary>Creates the exception for a bad line.</summary>
    /// <param name="filePath">The file that holds the line.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="problem">What is wrong with the line.</param>
    /// <param name="lineText">The text of the line (without its line break).</param>
    public RatingFormatException(string filePath, long lineNumber, string problem, string lineText)
        : base(FormatMessage(filePath, lineNumber, problem, lineText))
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
        LineText = lineText;
    }

    /// <summary>The file that holds the bad line.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based number of the bad line.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line, without file or line.</summary>
    public string Problem { get; }

    /// <summary>The text of the bad line, without its line break.</summary>
    public string LineText { get; }

    /// <summary>Formats a bad line the way <see cref="Exception.Message"/> and <see cref="LoadReport.SkippedExamples"/> show it.</summary>
    internal static string FormatMessage(string filePath, long lineNumber, string problem, string lineText) =>
        $"{filePath}:{lineNumber}: {problem} ({lineText})";
}
