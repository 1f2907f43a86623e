namespace NetflixMf.Cli;

/// <summary>A failure the CLI reports as one message and an exit code, without a stack trace.</summary>
internal sealed class CliException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The process exit code to return (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A wrong command line: the message and the command's usage are printed, exit code 2.</summary>
    public static CliException Usage(string message, Exception? innerException = null) => new(ExitCodes.UsageError, message, innerException);

    /// <summary>Bad data, model or output: the message is printed, exit code 1.</summary>
    public static CliException DataError(string message, Exception? innerException = null) => new(ExitCodes.DataError, message, innerException);

    /// <summary>An output option whose target cannot be written: names the flag, exit code 1.</summary>
    public static CliException Output(string flag, Exception innerException) =>
        new(ExitCodes.DataError, $"{flag}: {innerException.Message}", innerException);
}
