namespace NetflixMf.Cli.Tests;

/// <summary>Runs one netflixmf command line in-process and captures what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public static async Task<CliRun> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Program.RunAsync(args, output, error, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
