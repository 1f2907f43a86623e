using NetflixMf.Cli.Rendering;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's call into the library's synthetic Netflix-format generator.</summary>
internal static class SyntheticData
{
    /// <summary>Writes the Demo preset (combined_data_*.txt, probe.txt, movie_titles.txt) into <paramref name="folder"/>.</summary>
    public static void GenerateDemo(string folder, ProgressSink? progress, CancellationToken cancellationToken)
    {
        throw CliException.DataError("the demo needs NetflixMf.Data.Synthetic, which this build does not have yet.");
    }
}
