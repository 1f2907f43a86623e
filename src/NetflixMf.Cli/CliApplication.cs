using System.CommandLine;
using NetflixMf.Cli.Commands;
using NetflixMf.Cli.Rendering;

namespace NetflixMf.Cli;

/// <summary>Builds the command tree, runs one command line and turns every failure into a message and an exit code.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var renderer = new ConsoleRenderer(stdout, stderr);
        RootCommand root = BuildRootCommand(renderer);

        // No arguments runs the demo: the README's first command should show the whole recipe.
        string[] effective = args.Length == 0 ? ["demo"] : args;
        ParseResult parse = root.Parse(effective);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            // Ctrl+C is wired by Program to the token we pass; System.CommandLine must not install its own handler.
            ProcessTerminationTimeout = null,
        };

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine();
            await PrintUsageAsync(root, parse, stderr).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            renderer.ErrorLine("canceled: no output files were written.");
            return ExitCodes.Canceled;
        }
        catch (Exception e) when (ErrorMessages.TryDescribe(e, out string? message, out int exitCode))
        {
            // The one error path: a message (and for a wrong command line the usage), never a stack trace for
            // anything foreseeable.
            renderer.ErrorLine($"error: {message}");
            if (exitCode == ExitCodes.UsageError)
            {
                stderr.WriteLine();
                await PrintUsageAsync(root, parse, stderr).ConfigureAwait(false);
            }
            return exitCode;
        }
    }

    internal static RootCommand BuildRootCommand(ConsoleRenderer renderer)
    {
        var root = new RootCommand(
            "netflixmf: train, evaluate and query matrix-factorization recommenders on Netflix Prize and MovieLens data. " +
            "Without a command it runs the demo.");
        root.Subcommands.Add(new DemoCommand(renderer).Build());
        root.Subcommands.Add(new StatsCommand(renderer).Build());
        root.Subcommands.Add(new TrainCommand(renderer).Build());
        root.Subcommands.Add(new EvaluateCommand(renderer).Build());
        root.Subcommands.Add(new PredictCommand(renderer).Build());
        root.Subcommands.Add(new RecommendCommand(renderer).Build());
        root.Subcommands.Add(new BlendCommand(renderer).Build());
        root.Subcommands.Add(new CrossValidateCommand(renderer).Build());
        root.Subcommands.Add(new TuneCommand(renderer).Build());
        return root;
    }

    /// <summary>Prints the help of the command the user was running (or the root's) to <paramref name="writer"/>.</summary>
    private static Task<int> PrintUsageAsync(RootCommand root, ParseResult parse, TextWriter writer)
    {
        var path = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            path.Insert(0, result.Command.Name);
        }
        path.Add("--help");
        return root.Parse(path).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer, ProcessTerminationTimeout = null });
    }
}
