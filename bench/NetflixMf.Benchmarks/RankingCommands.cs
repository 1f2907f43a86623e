using System.Diagnostics;
using System.Globalization;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;

/// <summary>The top-N benchmarks of issue 10: ranking quality against the most-popular baseline, BPR speed, batched recommend.</summary>
internal static class RankingCommands
{
    /// <summary>
    /// ranking-quality (--train FILE --test FILE | --data FILE [--splits N]) [--models popularity,bias,rating,ranking]
    /// [--factors K --epochs N --learning-rate X --l2 X --init X --decay X --threshold X --negatives N]
    /// Relevant = test rating >= 4, training movies excluded, K = 10.
    /// </summary>
    public static int Quality(NamedArguments arguments)
    {
        string[] models = (arguments.Get("models") ?? "popularity,bias,rating,ranking").Split(',');
        var splits = new List<(RatingView Train, RatingView Test, string Name)>();
        if (arguments.Get("train") is { } trainPath)
        {
            var options = RatingReaderOptions.Default with { Format = RatingFileFormat.MovieLens };
            var train = RatingDataLoader.Load(trainPath, options).Ratings;
            var test = RatingDataLoader.Load(arguments.Get("test") ?? throw new ArgumentException("--train needs --test."), options).Ratings;
            splits.Add((train.All(), test.All(), Path.GetFileName(trainPath)));
        }
        else
        {
            var data = RatingDataLoader.Load(arguments.Get("data") ?? throw new ArgumentException("Give --train/--test or --data.")).Ratings;
            int count = arguments.GetInt("splits") ?? 5;
            for (int s = 1; s <= count; s++)
            {
                var split = new RandomSplitter(0.1, s).Split(data.All());
                splits.Add((split.Train, split.Test, $"random 90/10 seed {s}"));
            }
        }

        var ranking = TrainerOptions.ForRanking();
        ranking = ranking with
        {
            EmbeddingDimension = arguments.GetInt("factors") ?? ranking.EmbeddingDimension,
            Epochs = arguments.GetInt("epochs") ?? ranking.Epochs,
            LearningRate = arguments.GetFloat("learning-rate") ?? ranking.LearningRate,
            L2Regularization = arguments.GetFloat("l2") ?? ranking.L2Regularization,
            BiasL2Regularization = arguments.GetFloat("bias-l2") ?? ranking.BiasL2Regularization,
            InitialStandardDeviation = arguments.GetFloat("init") ?? ranking.InitialStandardDeviation,
            LearningRateDecay = arguments.GetFloat("decay") ?? ranking.LearningRateDecay,
            Threads = arguments.GetInt("threads") ?? 0,
            Ranking = ranking.Ranking with
            {
                PositiveThreshold = arguments.GetFloat("threshold") ?? ranking.Ranking.PositiveThreshold,
                NegativeSamples = arguments.GetInt("negatives") ?? ranking.Ranking.NegativeSamples,
            },
        };
        float boost = arguments.GetFloat("boost") ?? FactorizationModel.DefaultPopularityBoost;
        var rankingOptions = new RankingOptions { K = 10, RelevanceThreshold = 4f };
        var sums = new Dictionary<string, (double Precision, double Ndcg, double Recall, double Map, double Hit)>();
        foreach (var (train, test, name) in splits)
        {
            var results = new List<(string Model, RankingResult Result, double Seconds)>();
            foreach (string model in models)
            {
                var clock = Stopwatch.StartNew();
                IRecommender recommender = model switch
                {
                    "popularity" => PopularityRecommender.Fit(train),
                    "bias" => BiasRecommender.Fit(train),
                    "rating" => new FactorizationTrainer(new TrainerOptions { Threads = ranking.Threads }).Train(train).Model,
                    "rating-boost" => new FactorizationTrainer(new TrainerOptions { Threads = ranking.Threads }).Train(train).Model.WithPopularityBoost(train, boost),
                    "ranking" => new FactorizationTrainer(ranking).Train(train).Model,
                    _ => throw new ArgumentException($"Unknown model '{model}'."),
                };
                double trainSeconds = clock.Elapsed.TotalSeconds;
                using (recommender)
                {
                    var result = RankingMetrics.Evaluate(recommender, test, train, rankingOptions);
                    results.Add((model, result, trainSeconds));
                    var s = sums.GetValueOrDefault(model);
                    sums[model] = (s.Precision + result.Precision, s.Ndcg + result.Ndcg, s.Recall + result.Recall, s.Map + result.MeanAveragePrecision, s.Hit + result.HitRate);
                }
            }
            Console.WriteLine($"{name}:");
            foreach (var (model, result, seconds) in results) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {model,-12} {result}  (fit {seconds:F1} s)"));
        }
        Console.WriteLine($"mean over {splits.Count} split(s), K = 10, relevant = rating >= 4, training movies excluded:");
        var popularity = sums.GetValueOrDefault("popularity");
        foreach (var (model, s) in sums)
        {
            double n = splits.Count;
            string ratio = popularity.Precision > 0 ? string.Create(CultureInfo.InvariantCulture, $"  ({s.Precision / popularity.Precision:F2}x / {s.Ndcg / popularity.Ndcg:F2}x popularity)") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {model,-12} P@10 {s.Precision / n:F4}  NDCG@10 {s.Ndcg / n:F4}  R@10 {s.Recall / n:F4}  MAP@10 {s.Map / n:F4}  HR@10 {s.Hit / n:F4}{ratio}"));
        }
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// netflix-ranking [--ratings N] [--factors K] [--dot-epochs N] [--bpr-epochs N] [--threads N]: on a Netflix-scale
    /// synthetic set (480,189 users, 17,770 movies) held out like probe (1.4% random), times dot-product epochs, BPR
    /// epochs (with the resident memory after each), batched top-10 for every user without their training movies, and
    /// the ranking evaluation over all held-out users for the BPR model and the most-popular baseline.
    /// </summary>
    public static int NetflixScale(NamedArguments arguments)
    {
        int factors = arguments.GetInt("factors") ?? 64;
        int threads = arguments.GetInt("threads") ?? 0;
        var options = new NetflixMf.Data.Synthetic.SyntheticDataOptions
        {
            Ratings = arguments.GetInt("ratings") ?? 100_000_000,
            Users = 480_189,
            Movies = 17_770,
            WriteQualifying = false,
            WriteMovieTitles = false,
        };
        var clock = Stopwatch.StartNew();
        var data = NetflixMf.Data.Synthetic.SyntheticNetflixGenerator.GenerateRatingSet(options);
        Console.WriteLine($"generated {data.Count:N0} ratings, {data.Users.Count:N0} users, {data.Movies.Count:N0} movies in {clock.Elapsed.TotalSeconds:F1} s; {SpeedCommands.Memory()}; {Load()}");
        var split = new RandomSplitter(0.014, 1).Split(data.All());
        Console.WriteLine($"held out {split.Test.Count:N0} ratings (probe-sized); train {split.Train.Count:N0}");

        var dot = new TrainerOptions { EmbeddingDimension = factors, Epochs = arguments.GetInt("dot-epochs") ?? 2, Threads = threads };
        var dotEpochs = new List<double>();
        using (var model = new FactorizationTrainer(dot).Train(split.Train, progress: new Printer("dot", dotEpochs)).Model)
        {
        }
        GC.Collect();
        var bpr = TrainerOptions.ForRanking() with { EmbeddingDimension = factors, Epochs = arguments.GetInt("bpr-epochs") ?? 3, Threads = threads };
        if (arguments.GetInt("negatives") is int negatives) bpr = bpr with { Ranking = bpr.Ranking with { NegativeSamples = negatives } };
        var bprEpochs = new List<double>();
        using var ranking = new FactorizationTrainer(bpr).Train(split.Train, progress: new Printer("bpr", bprEpochs)).Model;
        double dotMean = dotEpochs.Skip(1).DefaultIfEmpty(dotEpochs[0]).Average();
        double bprMean = bprEpochs.Skip(1).DefaultIfEmpty(bprEpochs[0]).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch time (after the first): dot {dotMean:F1} s, BPR ({bpr.Ranking.NegativeSamples} negative samples) {bprMean:F1} s: BPR/dot = {bprMean / dotMean:F2}x at k = {factors}"));
        GC.Collect();
        if (arguments.Get("only-epochs") == "yes") return 0;

        int[] users = data.Users.Ids.ToArray();
        clock.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var lists = ranking.Recommend(users, 10, split.Train);
        double recommendSeconds = clock.Elapsed.TotalSeconds;
        double recommendCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        long movies = lists.Sum(l => (long)l.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batched top-10 for all {users.Length:N0} users over {data.Movies.Count:N0} movies, training movies excluded: {recommendSeconds:F1} s wall, {recommendCpu:F1} s CPU ({movies:N0} movies listed); {SpeedCommands.Memory()}; {Load()}"));
        lists = null;
        GC.Collect();

        var rankingOptions = new RankingOptions { K = 10, RelevanceThreshold = 4f };
        clock.Restart();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bprResult = RankingMetrics.Evaluate(ranking, split.Test, split.Train, rankingOptions);
        double evaluateSeconds = clock.Elapsed.TotalSeconds;
        double evaluateCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ranking evaluation of BPR over all held-out users: {evaluateSeconds:F1} s wall, {evaluateCpu:F1} s CPU: {bprResult}; {Load()}"));
        using var popularity = PopularityRecommender.Fit(split.Train);
        clock.Restart();
        var popularityResult = RankingMetrics.Evaluate(popularity, split.Test, split.Train, rankingOptions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ranking evaluation of popularity: {clock.Elapsed.TotalSeconds:F1} s: {popularityResult}"));
        Console.WriteLine($"end: {SpeedCommands.Memory()}; {Load()}");
        return 0;
    }

    private static string Load() => $"load average {File.ReadAllText("/proc/loadavg").Trim()}";

    /// <summary>Prints each epoch with the resident memory, on the training thread.</summary>
    private sealed class Printer(string name, List<double> seconds) : IProgress<EpochReport>
    {
        public void Report(EpochReport value)
        {
            seconds.Add(value.Seconds);
            string loss = value.TrainLoss is double l ? $"BPR loss {l:F4}" : $"train RMSE {value.TrainRmse:F4}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} epoch {value.Epoch}: {value.Seconds:F1} s, {value.RatingsPerSecond / 1e6:F2} M pairs/s, {loss}; {SpeedCommands.Memory()}; {Load()}"));
        }
    }

}
