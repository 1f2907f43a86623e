using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Cli;

/// <summary>
/// The CLI's one error path: turns every failure a command can meet into one line for the user and an exit code,
/// chosen by the exception's TYPE and properties (never by parsing message text). Foreseeable failures never show a
/// stack trace; every message is stripped of terminal control characters and cut to a readable length.
/// </summary>
internal static class ErrorMessages
{
    /// <summary>The longest message printed; a quoted data line is cut well before this.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>The longest quoted data line.</summary>
    public const int MaxQuotedLineLength = 200;

    public static bool TryDescribe(Exception exception, [NotNullWhen(true)] out string? message, out int exitCode)
    {
        exitCode = ExitCodes.DataError;
        string text;
        switch (exception)
        {
            case AggregateException aggregate when aggregate.Flatten().InnerExceptions is [var first, ..]:
                // Parallel work (the readers, the generator) wraps what failed in one of its tasks.
                return TryDescribe(first, out message, out exitCode);
            case CliException cli:
                exitCode = cli.ExitCode;
                text = cli.Message;
                break;
            case RatingFormatException bad:
                // Built from the exception's properties: FILE:LINE: problem (the line, cut and escaped).
                text = string.Create(CultureInfo.InvariantCulture, $"{bad.FilePath}:{bad.LineNumber}: {bad.Problem} ({Quote(bad.LineText)})");
                break;
            case OptionOutOfRangeException option:
                exitCode = ExitCodes.UsageError;
                text = string.Create(CultureInfo.InvariantCulture, $"{option.OptionsType}.{option.ParamName} must be in {option.Range} (was {option.ActualValue ?? "null"}).");
                break;
            case InsufficientMemoryException memory:
                // The library's memory pre-check: it names the size needed and what is available.
                text = memory.Message;
                break;
            case OutOfMemoryException:
                text = "out of memory: the machine could not provide the memory this needs. Lower --embedding-dimension or --batch-size, free memory, or use a machine with more memory.";
                break;
            case InvalidDataException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException:
                // Model, cache and I/O errors name their file; the trainer's InvalidOperationException says what it needs.
                text = exception.Message;
                break;
            case Shared.NativeLoadException:
                // The library names the missing or refused native backend and what to do; a stack trace would only hide that.
                text = exception.Message;
                break;
            default:
                // A bug rather than bad input: keep the stack trace for the report.
                message = Sanitize(exception.ToString(), int.MaxValue);
                return true;
        }
        message = Sanitize(text, MaxMessageLength);
        return true;
    }

    /// <summary>A data line as it appears in a message: control characters escaped, cut at <see cref="MaxQuotedLineLength"/> characters.</summary>
    public static string Quote(string line) =>
        line.Length > MaxQuotedLineLength ? Sanitize(line[..MaxQuotedLineLength], int.MaxValue) + "..." : Sanitize(line, int.MaxValue);

    /// <summary>
    /// Shows control characters other than tab and line feed (ESC starts terminal escape sequences; C1 controls act
    /// as escapes too) as <c>\xNN</c>, and cuts the text at <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Sanitize(string text, int maxLength)
    {
        bool cut = text.Length > maxLength;
        if (cut) text = text[..maxLength];
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\t' or '\n' || !(char.IsControl(c) || c is '\u200E' or '\u200F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
        }
        if (cut) builder.Append("...");
        return builder.ToString();
    }
}
