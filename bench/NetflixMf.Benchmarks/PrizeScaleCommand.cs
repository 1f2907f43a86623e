using System.Diagnostics;
using System.Globalization;
using NetflixMf.Data.Synthetic;
using NetflixMf.Evaluation;
using NetflixMf.Splitting;
using NetflixMf.Training;

/// <summary>
/// prize-scale [--ratings N] [--factors K] [--epochs N] [--threads T] [--time yes]: the Netflix-scale synthetic set in
/// memory, probe split; times dot-product epochs, then SVD++ epochs (N(u) = rated + probe + qualifying pairs) on the same
/// split, with RSS after each epoch; then predicts the qualifying pairs end to end (file in, submission file out).
/// </summary>
internal static class PrizeScaleCommand
{
    public static int Run(NamedArguments arguments)
    {
        int factors = arguments.GetInt("factors") ?? 128;
        int epochs = arguments.GetInt("epochs") ?? 3;
        int threads = arguments.GetInt("threads") ?? 2;
        bool time = arguments.Get("time") == "yes";
        var options = SyntheticDataOptions.NetflixScale with { Ratings = arguments.GetInt("ratings") ?? SyntheticDataOptions.NetflixScale.Ratings, WriteMovieTitles = false };
        var watch = Stopwatch.StartNew();
        var data = new SyntheticNetflixGenerator(options).Generate();
        Console.WriteLine($"generated {data.Ratings.Count:N0} ratings, {data.Ratings.Users.Count:N0} users, {data.Ratings.Movies.Count:N0} movies, probe {data.ProbePairs.Count:N0}, qualifying {data.QualifyingPairs.Count:N0} in {watch.Elapsed.TotalSeconds:F1} s; {SpeedCommands.Memory()}; load {Load()}");
        var split = new ProbeSplitter(data.ProbePairs).Split(data.Ratings);
        Console.WriteLine($"probe split: train {split.Train.Count:N0}, test {split.Test.Count:N0}; {SpeedCommands.Memory()}");

        var dotSeconds = new List<double>();
        var dotCpu = new List<double>();
        {
            var trainer = new FactorizationTrainer(new TrainerOptions { EmbeddingDimension = factors, Epochs = epochs, Threads = threads });
            var result = trainer.Train(split.Train, progress: new Printer("dot", dotSeconds, dotCpu));
            using var model = result.Model;
            Console.WriteLine($"dot probe RMSE {RatingMetrics.Evaluate(model, split.Test).Rmse:F4}");
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var implicitPairs = data.ProbePairs.Concat(data.QualifyingPairs).ToList();
        var svdSeconds = new List<double>();
        var svdCpu = new List<double>();
        var svdOptions = new SvdPlusPlusOptions { EmbeddingDimension = factors, Epochs = epochs, Threads = threads, TimeBiases = time };
        watch.Restart();
        var svd = new SvdPlusPlusTrainer(svdOptions).Train(split.Train, implicitPairs: implicitPairs, progress: new Printer(time ? "svdpp+time" : "svdpp", svdSeconds, svdCpu));
        using var svdModel = svd.Model;
        Console.WriteLine($"svdpp total {watch.Elapsed.TotalSeconds:F1} s (grouping, {epochs} epochs, export); probe RMSE {RatingMetrics.Evaluate(svdModel, split.Test).Rmse:F4}; {SpeedCommands.Memory()}");
        double dotMean = dotSeconds.Skip(1).DefaultIfEmpty(dotSeconds[0]).Average();
        double svdMean = svdSeconds.Skip(1).DefaultIfEmpty(svdSeconds[0]).Average();
        double dotCpuMean = dotCpu.Skip(1).DefaultIfEmpty(dotCpu[0]).Average();
        double svdCpuMean = svdCpu.Skip(1).DefaultIfEmpty(svdCpu[0]).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch seconds (mean after the first): dot {dotMean:F2} wall / {dotCpuMean:F2} CPU, svdpp {svdMean:F2} wall / {svdCpuMean:F2} CPU; ratio {svdMean / dotMean:F2} wall, {svdCpuMean / dotCpuMean:F2} CPU; load {Load()}"));

        // Qualifying-style prediction: a qualifying.txt of the synthetic pairs (dated on the last day), read, predicted, written.
        string folder = Path.Combine(Path.GetTempPath(), $"prize-scale-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string qualifying = Path.Combine(folder, "qualifying.txt");
            using (var writer = new StreamWriter(qualifying))
            {
                int previous = -1;
                foreach (var (user, movie) in data.QualifyingPairs.OrderBy(p => p.MovieId))
                {
                    if (movie != previous) writer.Write($"{movie}:\n");
                    previous = movie;
                    writer.Write($"{user},2005-12-31\n");
                }
            }
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var report = PairFilePredictor.PredictNetflixPairs(svdModel, qualifying, Path.Combine(folder, "submission.txt"));
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"qualifying-style prediction: {report.Pairs:N0} pairs in {report.Seconds:F2} s wall, {cpuSeconds:F2} s CPU (read, predict, write); load {Load()}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine($"end: {SpeedCommands.Memory()}");
        return 0;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Prints each epoch with its wall time and the process CPU time since the previous report (the machine is shared:
    /// CPU time is the steadier measure of work).</summary>
    private sealed class Printer(string name, List<double> seconds, List<double> cpuSeconds) : IProgress<EpochReport>
    {
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public void Report(EpochReport value)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            double used = (cpu - _cpu).TotalSeconds;
            _cpu = cpu;
            seconds.Add(value.Seconds);
            cpuSeconds.Add(used);
            Console.WriteLine($"{name} epoch {value.Epoch}: {value.Seconds:F2} s wall, {used:F2} s CPU, {value.RatingsPerSecond / 1e6:F2} M ratings/s, train RMSE {value.TrainRmse:F4}; {SpeedCommands.Memory()}; load {Load()}");
        }
    }
}
