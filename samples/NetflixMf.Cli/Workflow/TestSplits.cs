namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's splitters: --split, --test and the default split.</summary>
internal static class TestSplits
{
    /// <summary>The split used when none is asked for: the probe set when the data folder has one, else random:0.1.</summary>
    public static SplitSpec Default(string dataPath) => DataSources.FindProbe(dataPath) is null ? SplitSpec.DefaultRandom : SplitSpec.Probe;

    /// <summary>Splits <paramref name="data"/> as <paramref name="spec"/> asks.</summary>
    public static SplitResult Split(LoadedData data, SplitSpec spec, int? seed, CancellationToken cancellationToken)
    {
        if (spec.Kind == SplitKind.Probe && DataSources.FindProbe(data.Path) is null)
        {
            throw CliException.Usage($"--split probe needs a {DataSources.ProbeFileName} next to {data.Path}; use --split random:0.1 instead.");
        }
        throw CliException.DataError("splitting needs the NetflixMf.Splitting splitters, which this build does not have yet.");
    }

    /// <summary>Trains on all of <paramref name="data"/> and tests on all of <paramref name="test"/>.</summary>
    public static SplitResult SeparateTest(LoadedData data, LoadedData test) =>
        new(data.Ratings.All(), test.Ratings.All(), $"test set {test.Path}");
}
