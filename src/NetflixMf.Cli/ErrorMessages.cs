using System.Diagnostics.CodeAnalysis;

namespace NetflixMf.Cli;

/// <summary>Turns the failures a command can meet into one line for the user and an exit code.</summary>
internal static class ErrorMessages
{
    public static bool TryDescribe(Exception exception, [NotNullWhen(true)] out string? message, out int exitCode)
    {
        exitCode = ExitCodes.DataError;
        switch (exception)
        {
            case CliException cli:
                exitCode = cli.ExitCode;
                message = cli.Message;
                return true;
            // Data errors already say FILE:LINE: problem (text); model and I/O errors name their file; the trainer's
            // InvalidOperationException says what it needs (a CUDA backend, a well-formed head).
            case InvalidDataException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException:
                message = exception.Message;
                return true;
            // The library names the missing or refused native backend and what to do; a stack trace would only hide that.
            case Shared.NativeLoadException:
                message = exception.Message;
                return true;
            default:
                // A bug rather than bad input: keep the stack trace.
                message = exception.ToString();
                return true;
        }
    }
}
