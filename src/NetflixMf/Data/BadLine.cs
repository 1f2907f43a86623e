
namespace NetflixMf.Data;

/// <summary>One rejected line, kept for the exception or the report's examples.</summary>
internal sealed record BadLine(string FilePath, long LineNumber, BadLineReason Reason, string Problem, string LineText)
{
    public RatingFormatException ToException() => new(FilePath, LineNumber, Problem, LineText);

    public override string ToString() => RatingFormatException.FormatMessage(FilePath, LineNumber, Problem, LineText);
}
