using System.Diagnostics;
using System.Numerics;
using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Splitting;
using NetflixMf.Training;

/// <summary>The train-speed and load benchmarks; every figure also prints the process's resident memory.</summary>
internal static class SpeedCommands
{
    /// <summary>train-speed --model naive|dot|adam|mlp [--threads N] [--epochs N] [--factors K] [--ratings N] [--batch N]</summary>
    public static int TrainSpeed(string model, int factors, int epochs, int threads, int ratings, int? batch)
    {
        var options = new SyntheticDataOptions { Ratings = ratings, Users = 480_189, Movies = 17_770, WriteQualifying = false, WriteMovieTitles = false };
        var watch = Stopwatch.StartNew();
        var data = SyntheticNetflixGenerator.GenerateRatingSet(options);
        Console.WriteLine($"generated {data.Count:N0} ratings, {data.Users.Count:N0} users, {data.Movies.Count:N0} movies in {watch.Elapsed.TotalSeconds:F2} s; {Memory()}");
        if (model == "naive")
        {
            NaiveSgd(data, factors, epochs);
            Console.WriteLine($"end: {Memory()}");
            return 0;
        }
        var trainer = model switch
        {
            "dot" => new TrainerOptions { EmbeddingDimension = factors, Epochs = epochs, Threads = threads },
            "adam" => new TrainerOptions { EmbeddingDimension = factors, Epochs = epochs, Threads = threads, Optimizer = OptimizerKind.Adam, LearningRate = 0.003f },
            "mlp" => TrainerOptions.ForMlpHead() with { EmbeddingDimension = factors, Epochs = epochs, Threads = threads, EarlyStopping = null },
            "neumf" => TrainerOptions.ForNeuMfHead() with { EmbeddingDimension = factors, Epochs = epochs, Threads = threads, EarlyStopping = null },
            _ => throw new ArgumentException($"Unknown model '{model}' (naive, dot, adam, mlp, neumf)."),
        };
        if (batch is { } size) trainer = trainer with { BatchSize = size };
        Console.WriteLine($"model {model}, k = {factors}, batch {trainer.BatchSize}, threads {threads}, optimizer {trainer.Optimizer}, epochs {epochs}");
        var result = new FactorizationTrainer(trainer).Train(data.All(), progress: new EpochPrinter());
        using var recommender = result.Model;
        // Top-N over every movie for a few users; the first call warms up.
        int userId = data.Users.GetId(0);
        recommender.Recommend(userId, 10);
        const int Calls = 200;
        watch.Restart();
        for (int i = 0; i < Calls; i++) recommender.Recommend(data.Users.GetId(i * 997 % data.Users.Count), 10);
        Console.WriteLine($"top-10 over {data.Movies.Count:N0} movies: {watch.Elapsed.TotalMilliseconds / Calls:F3} ms per call (mean of {Calls})");
        Console.WriteLine($"end: {Memory()}");
        return 0;
    }

    /// <summary>The no-framework floor: one thread, shuffled order, biased MF SGD with Vector&lt;float&gt;.</summary>
    private static void NaiveSgd(RatingSet data, int k, int epochs)
    {
        const float LearningRate = 0.01f, Regularization = 0.05f;
        var random = new Random(42);
        float[] userFactors = new float[data.Users.Count * k], movieFactors = new float[data.Movies.Count * k];
        for (int i = 0; i < userFactors.Length; i++) userFactors[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        for (int i = 0; i < movieFactors.Length; i++) movieFactors[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        float[] userBias = new float[data.Users.Count], movieBias = new float[data.Movies.Count];
        float mean = (float)data.Mean();
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        var users = data.UserIndices.ToArray();
        var movies = data.MovieIndices.ToArray();
        var ratings = data.Ratings.ToArray();
        int width = Vector<float>.Count;
        Console.WriteLine($"model naive, k = {k}, threads 1, Vector<float>.Count {width}, epochs {epochs}");
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            var watch = Stopwatch.StartNew();
            double squared = 0;
            foreach (int position in order)
            {
                int u = users[position], m = movies[position];
                var p = userFactors.AsSpan(u * k, k);
                var q = movieFactors.AsSpan(m * k, k);
                var dot = Vector<float>.Zero;
                for (int f = 0; f < k; f += width) dot += new Vector<float>(p[f..]) * new Vector<float>(q[f..]);
                float error = ratings[position] - (mean + userBias[u] + movieBias[m] + Vector.Sum(dot));
                squared += error * error;
                userBias[u] += LearningRate * (error - Regularization * userBias[u]);
                movieBias[m] += LearningRate * (error - Regularization * movieBias[m]);
                var e = new Vector<float>(LearningRate * error);
                var decay = new Vector<float>(1f - LearningRate * Regularization);
                for (int f = 0; f < k; f += width)
                {
                    var pv = new Vector<float>(p[f..]);
                    var qv = new Vector<float>(q[f..]);
                    (pv * decay + e * qv).CopyTo(p[f..]);
                    (qv * decay + e * pv).CopyTo(q[f..]);
                }
            }
            double seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"epoch {epoch}: {seconds:F2} s, {data.Count / seconds / 1e6:F2} M ratings/s, train RMSE {Math.Sqrt(squared / data.Count):F4}; {Memory()}");
        }
    }

    /// <summary>load --data DIR [--cache FILE]</summary>
    public static int Load(string folder, string? cacheFile, bool keepCache)
    {
        string cache = cacheFile ?? Path.Combine(Path.GetTempPath(), "netflixmf-bench.cache");
        long bytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).StartsWith("combined_data", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("mv_", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        var watch = Stopwatch.StartNew();
        var loaded = RatingDataLoader.Load(folder);
        double seconds = watch.Elapsed.TotalSeconds;
        var data = loaded.Ratings;
        Console.WriteLine($"load: {data.Count:N0} ratings ({data.Users.Count:N0} users, {data.Movies.Count:N0} movies) from {bytes / 1e6:F0} MB in {seconds:F2} s: {bytes / seconds / 1e6:F0} MB/s, {data.Count / seconds / 1e6:F1} M ratings/s; {Memory()}");
        watch.Restart();
        RatingSetCache.Save(data, cache);
        Console.WriteLine($"cache save: {watch.Elapsed.TotalSeconds:F2} s, {new FileInfo(cache).Length / 1e6:F0} MB");
        // Reloaded twice: the first read follows the save (dirty pages still being written back), the second is steady.
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            watch.Restart();
            var reloaded = RatingSetCache.Load(cache);
            Console.WriteLine($"cache reload {attempt}: {watch.Elapsed.TotalSeconds:F2} s ({reloaded.Count:N0} ratings); {Memory()}");
            GC.KeepAlive(reloaded);
            reloaded = null;
            GC.Collect();
        }
        if (!keepCache) File.Delete(cache);
        watch.Restart();
        var random = new RandomSplitter(0.1, 1).Split(data);
        Console.WriteLine($"random 10% split: {watch.Elapsed.TotalSeconds:F2} s ({random.Test.Count:N0} test)");
        if (loaded.ProbePath is { } probePath)
        {
            watch.Restart();
            var pairs = NetflixProbeReader.Read(probePath);
            double read = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var probe = new ProbeSplitter(pairs).Split(data, out int unmatched);
            Console.WriteLine($"probe: read {pairs.Count:N0} pairs in {read:F2} s, split {watch.Elapsed.TotalSeconds:F2} s ({probe.Test.Count:N0} test, {unmatched:N0} unmatched)");
        }
        Console.WriteLine($"end: {Memory()}");
        return 0;
    }

    /// <summary>reload --cache FILE: reloads a saved cache twice in a fresh process.</summary>
    public static int Reload(string cache)
    {
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var watch = Stopwatch.StartNew();
            var reloaded = RatingSetCache.Load(cache);
            Console.WriteLine($"cache reload {attempt}: {watch.Elapsed.TotalSeconds:F2} s ({reloaded.Count:N0} ratings, {new FileInfo(cache).Length / 1e6:F0} MB); {Memory()}");
            GC.KeepAlive(reloaded);
            reloaded = null;
            GC.Collect();
        }
        return 0;
    }

    /// <summary>Current and peak resident set, from /proc/self/status.</summary>
    internal static string Memory()
    {
        string rss = "?", hwm = "?";
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = line[6..].Trim();
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = line[6..].Trim();
        }
        return $"RSS {rss}, peak {hwm}";
    }

    /// <summary>Prints each epoch as it ends, on the training thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class EpochPrinter : IProgress<EpochReport>
    {
        public void Report(EpochReport value) =>
            Console.WriteLine($"epoch {value.Epoch}: {value.Seconds:F2} s, {value.RatingsPerSecond / 1e6:F2} M ratings/s, train RMSE {value.TrainRmse:F4}; {Memory()}");
    }
}
