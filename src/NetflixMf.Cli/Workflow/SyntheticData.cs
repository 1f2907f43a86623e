using NetflixMf.Cli.Rendering;
using NetflixMf.Data.Synthetic;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's call into the library's synthetic Netflix-format generator.</summary>
internal static class SyntheticData
{
    /// <summary>Writes the Demo preset (combined_data_*.txt, probe.txt, movie_titles.txt) into <paramref name="folder"/>.</summary>
    /// <remarks>The generator writes temporary files and renames them only when all are complete, so a canceled run leaves none.</remarks>
    public static SyntheticDataSummary GenerateDemo(string folder, ProgressSink? progress, CancellationToken cancellationToken)
    {
        SyntheticDataOptions options = SyntheticDataOptions.Demo;
        var reports = progress?.For<long>((sink, written) => sink.Report(written, options.Ratings));
        return SyntheticNetflixGenerator.WriteFiles(folder, options, reports, cancellationToken);
    }
}
