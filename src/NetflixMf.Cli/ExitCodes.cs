namespace NetflixMf.Cli;

/// <summary>The process exit codes of <c>netflixmf</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad data, a bad model file, an unwritable output or too little memory: the message says what and where (FILE:LINE for rating files).</summary>
    public const int DataError = 1;

    /// <summary>The command line was wrong: the message and the usage are printed.</summary>
    public const int UsageError = 2;

    /// <summary>Ctrl+C (SIGINT): the work stopped and no partial output file was left (128 + SIGINT, as shells report it).</summary>
    public const int Canceled = 130;

    /// <summary>SIGTERM: handled like Ctrl+C, the work stopped and no partial output file was left (128 + SIGTERM).</summary>
    public const int Terminated = 143;
}
