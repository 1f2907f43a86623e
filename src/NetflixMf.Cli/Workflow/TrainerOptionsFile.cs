using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>Reads and writes trainer options as the library's JSON (<c>tune --save</c> writes it, <c>--options</c> reads it).</summary>
internal static class TrainerOptionsFile
{
    /// <summary>Reads a JSON options file; every failure names the file.</summary>
    public static TrainerOptions Read(string path)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such options file.");
        try
        {
            return TrainerOptions.FromJson(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            string problem = e.Message.Split('\n')[0];
            int parameter = problem.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (parameter >= 0) problem = problem[..parameter];
            throw CliException.DataError($"{path}: {problem}", e);
        }
    }
}
