using NetflixMf.Shared;

namespace NetflixMf.Cli.Output;

/// <summary>
/// A command's output files, each an <see cref="AtomicFileWriter"/> created when staged (so a device node, FIFO or
/// folder as target, an unwritable folder or a too-long name fail before any reading or training) and renamed into
/// place only by <see cref="Commit"/>, so a failed or canceled command leaves no partial (or half-set of) output files.
/// </summary>
internal sealed class StagedOutputs : IDisposable
{
    private readonly List<AtomicFileWriter> _files = [];

    /// <summary>Checks the target and creates its temporary file now; the command writes to the returned writer.</summary>
    /// <param name="finalPath">The output file.</param>
    /// <param name="flag">The option that named it, for messages ("--save").</param>
    /// <exception cref="CliException">The output cannot be written there (exit code 1, the message names the flag and the path).</exception>
    public AtomicFileWriter Stage(string finalPath, string flag)
    {
        AtomicFileWriter writer;
        try
        {
            writer = AtomicFileWriter.Create(finalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliException.Output(flag, e);
        }
        _files.Add(writer);
        return writer;
    }

    /// <summary>Moves every staged file to its final name, replacing existing regular files.</summary>
    public void Commit()
    {
        foreach (var writer in _files) writer.Commit();
    }

    /// <summary>Deletes whatever was staged and not committed.</summary>
    public void Dispose()
    {
        foreach (var writer in _files) writer.Dispose();
        _files.Clear();
    }
}
