namespace NetflixMf.Cli.Output;

/// <summary>
/// Output files written to temporary names beside their targets and renamed into place only by <see cref="Commit"/>,
/// so a failed or canceled command leaves no partial (or half-set of) output files.
/// </summary>
internal sealed class StagedOutputs : IDisposable
{
    private readonly List<(string Temp, string Final)> _files = [];

    /// <summary>Returns a temporary path in the target's folder (same volume, so the final rename is atomic), keeping the extension.</summary>
    public string Stage(string finalPath)
    {
        string full = Path.GetFullPath(finalPath);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw CliException.DataError($"{finalPath}: the folder {directory} does not exist.");
        }
        string temp = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        _files.Add((temp, full));
        return temp;
    }

    /// <summary>Moves every staged file to its final name, replacing existing files.</summary>
    public void Commit()
    {
        foreach (var (temp, final) in _files)
        {
            File.Move(temp, final, overwrite: true);
        }
        _files.Clear();
    }

    /// <summary>Deletes whatever was staged and not committed.</summary>
    public void Dispose()
    {
        foreach (var (temp, _) in _files)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Best effort: a temp file we cannot delete is hidden and named as ours, never the target.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        _files.Clear();
    }
}
