using NetflixMf.Cli.Rendering;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's readers: loading ratings, titles and the probe set.</summary>
internal static class DataSources
{
    public const string ProbeFileName = "probe.txt";
    public const string TitlesFileName = "movie_titles.txt";

    public static LoadedData Load(string path, DataFormat format, OnBadLine onBadLine, ProgressSink? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw CliException.DataError($"{path}: no such file or folder.");
        throw CliException.DataError("reading rating files needs the NetflixMf.Data loader, which this build does not have yet.");
    }

    /// <summary>The probe.txt next to the ratings (in the folder, or in the folder of the file), if there is one.</summary>
    public static string? FindProbe(string dataPath)
    {
        string folder = Directory.Exists(dataPath) ? dataPath : Path.GetDirectoryName(Path.GetFullPath(dataPath)) ?? ".";
        string probe = Path.Combine(folder, ProbeFileName);
        return File.Exists(probe) ? probe : null;
    }

    /// <summary>The movie_titles.txt next to the ratings, if there is one.</summary>
    public static string? FindTitles(string dataPath)
    {
        string folder = Directory.Exists(dataPath) ? dataPath : Path.GetDirectoryName(Path.GetFullPath(dataPath)) ?? ".";
        string titles = Path.Combine(folder, TitlesFileName);
        return File.Exists(titles) ? titles : null;
    }

    /// <summary>Movie id -> title from a Netflix movie_titles.txt.</summary>
    public static IReadOnlyDictionary<int, string> ReadTitles(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such file.");
        throw CliException.DataError("reading movie titles needs the NetflixMf.Data titles reader, which this build does not have yet.");
    }
}
