using NetflixMf.Shared;
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
        catch (OptionOutOfRangeException e)
        {
            // Built from the exception's parts, not by cutting its message.
            throw CliException.DataError($"{path}: {e.OptionsType}.{e.ParamName} must be in {e.Range} (was {e.ActualValue ?? "null"}).", e);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            throw CliException.DataError($"{path}: {e.Message}", e);
        }
    }
}
