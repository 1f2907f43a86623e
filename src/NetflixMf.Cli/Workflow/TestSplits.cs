using System.Globalization;
using NetflixMf.Splitting;
using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's splitters: --split, --test and the default split.</summary>
internal static class TestSplits
{
    /// <summary>The split used when none is asked for: the probe set when the data folder has one, else random:0.1.</summary>
    public static SplitSpec Default(LoadedData data) => data.ProbePath is null ? SplitSpec.DefaultRandom : SplitSpec.Probe;

    /// <summary>Splits <paramref name="data"/> as <paramref name="spec"/> asks.</summary>
    /// <param name="data">The ratings.</param>
    /// <param name="spec">The split.</param>
    /// <param name="seed">The seed of a random split; <see langword="null"/> for the library's default seed (the trainer's).</param>
    /// <param name="cancellationToken">Stops reading the probe set.</param>
    public static SplitResult Split(LoadedData data, SplitSpec spec, int? seed, CancellationToken cancellationToken)
    {
        if (spec.Kind == SplitKind.Probe)
        {
            if (data.ProbePath is null)
            {
                throw CliException.Usage($"--split probe needs a {DataSources.ProbeFileName} beside the ratings in {data.Path}; use --split random:0.1 instead.");
            }
            var splitter = new ProbeSplitter(DataSources.ReadProbe(data.ProbePath, cancellationToken));
            TrainTestSplit probe = splitter.Split(data.Ratings, out int unmatched);
            string note = unmatched == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {unmatched:N0} probe pairs not in the data");
            return new SplitResult(probe.Train, probe.Test, $"probe{note}");
        }

        int effectiveSeed = seed ?? new TrainerOptions().Seed;
        ITrainTestSplitter random = spec.Kind switch
        {
            SplitKind.User => new PerUserSplitter(spec.TestFraction, effectiveSeed),
            SplitKind.Temporal => new TemporalSplitter(spec.TestFraction, effectiveSeed),
            _ => new RandomSplitter(spec.TestFraction, effectiveSeed),
        };
        if (spec.Kind == SplitKind.Temporal && !data.Ratings.HasDates)
        {
            throw CliException.Usage($"--split temporal needs dated ratings; {data.Path} has none.");
        }
        TrainTestSplit split = random.Split(data.Ratings);
        return new SplitResult(split.Train, split.Test, spec.ToString());
    }

    /// <summary>Trains on all of <paramref name="data"/> and tests on all of <paramref name="test"/>.</summary>
    public static SplitResult SeparateTest(LoadedData data, LoadedData test) =>
        new(data.Ratings.All(), test.Ratings.All(), $"test set {test.Path}");
}
