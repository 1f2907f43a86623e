using System.Runtime.InteropServices;

namespace NetflixMf.Cli;

/// <summary>
/// The <c>netflixmf</c> entry point: wires Ctrl+C (SIGINT) and SIGTERM to one cancellation token and hands over to
/// <see cref="CliApplication"/>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        int signal = 0;
        void OnSignal(PosixSignalContext context)
        {
            // The first signal asks the work to stop cleanly (outputs discarded, temporary files deleted); a second one
            // ends the process the default way (process exit still deletes open temporary files).
            if (Interlocked.CompareExchange(ref signal, (int)context.Signal, 0) != 0) return;
            context.Cancel = true;
            cancellation.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        int code = await RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        return code == ExitCodes.Canceled && signal == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : code;
    }

    /// <summary>Runs one command line in-process, writing to the given writers; returns the exit code.</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        CliApplication.RunAsync(args, stdout, stderr, cancellationToken);
}
