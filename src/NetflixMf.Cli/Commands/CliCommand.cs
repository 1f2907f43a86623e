using System.CommandLine;
using NetflixMf.Data;
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
    /// <exception cref="CliException">The data holds no ratings (empty, header-only, or every line skipped).</exception>
    protected async Task<LoadedData> LoadAsync(string path, RatingFileFormat format, BadLinePolicy onBadLine, bool quiet, CancellationToken cancellationToken)
    {
        LoadedData data = quiet
            ? await Task.Run(() => DataSources.Load(path, format, onBadLine, null, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await Renderer.RunWithProgressAsync(
                $"reading {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}",
                ConsoleRenderer.Bytes,
                sink => DataSources.Load(path, format, onBadLine, sink, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        if (data.Ratings.Count == 0)
        {
            string skipped = data.SkippedLines == 0 ? string.Empty : $" ({data.SkippedLines:N0} malformed lines skipped)";
            throw CliException.DataError($"{path}: holds no ratings{skipped}.");
        }
        return data;
    }

    /// <summary>Fails before any reading when <c>--split probe</c> is asked for and the data has no probe.txt.</summary>
    protected static void CheckSplitUpFront(string dataPath, RatingFileFormat format, SplitSpec? split)
    {
        if (split is not { Kind: SplitKind.Probe }) return;
        if (!File.Exists(dataPath) && !Directory.Exists(dataPath)) return; // the load names the missing path
        if (RatingDataLoader.FindProbeFile(dataPath, format) is null)
        {
            throw CliException.Usage($"--split probe needs a {DataSources.ProbeFileName} beside the ratings in {dataPath}; use --split random:0.1 instead.");
        }
    }

    /// <summary>Chooses the test ratings: --test PATH, else --split, else the default split for the data folder.</summary>
    protected async Task<SplitResult> SplitAsync(LoadedData data, SplitSpec? split, string? testPath, RatingFileFormat format, BadLinePolicy onBadLine, int? seed, bool quiet, CancellationToken cancellationToken)
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
