namespace NetflixMf.Cli;

/// <summary>The <c>netflixmf</c> entry point: wires Ctrl+C to a cancellation token and hands over to <see cref="CliApplication"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C asks the work to stop cleanly; a second one ends the process the hard way.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Runs one command line in-process, writing to the given writers; returns the exit code.</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        CliApplication.RunAsync(args, stdout, stderr, cancellationToken);
}
