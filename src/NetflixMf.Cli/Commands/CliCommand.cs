using System.CommandLine;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;

namespace NetflixMf.Cli.Commands;

/// <summary>A <c>netflixmf</c> subcommand: declares its options and runs against the shared renderer.</summary>
internal abstract class CliCommand(ConsoleRenderer renderer)
{
    protected ConsoleRenderer Renderer { get; } = renderer;

    public Command Build()
    {
        Command command = Create();
        command.SetAction(ExecuteAsync);
        return command;
    }

    protected abstract Command Create();

    protected abstract Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken);

    /// <summary>Reads a data set with a progress display (or silently, for JSON output).</summary>
    protected Task<LoadedData> LoadAsync(string path, DataFormat format, OnBadLine onBadLine, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet) return Task.Run(() => DataSources.Load(path, format, onBadLine, null, cancellationToken), cancellationToken);
        return Renderer.RunWithProgressAsync(
            $"reading {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}",
            ConsoleRenderer.Bytes,
            sink => DataSources.Load(path, format, onBadLine, sink, cancellationToken),
            cancellationToken);
    }

    /// <summary>Chooses the test ratings: --test PATH, else --split, else the default split for the data folder.</summary>
    protected async Task<SplitResult> SplitAsync(LoadedData data, SplitSpec? split, string? testPath, DataFormat format, OnBadLine onBadLine, int? seed, bool quiet, CancellationToken cancellationToken)
    {
        if (testPath is not null)
        {
            LoadedData test = await LoadAsync(testPath, format, onBadLine, quiet, cancellationToken).ConfigureAwait(false);
            return TestSplits.SeparateTest(data, test);
        }
        SplitSpec spec = split ?? TestSplits.Default(data);
        return await Task.Run(() => TestSplits.Split(data, spec, seed, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
