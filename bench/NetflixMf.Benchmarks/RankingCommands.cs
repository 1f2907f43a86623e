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
    public static int Quality(Arguments arguments)
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
            LearningRate = GetFloat(arguments, "learning-rate") ?? ranking.LearningRate,
            L2Regularization = GetFloat(arguments, "l2") ?? ranking.L2Regularization,
            BiasL2Regularization = GetFloat(arguments, "bias-l2") ?? ranking.BiasL2Regularization,
            InitialStandardDeviation = GetFloat(arguments, "init") ?? ranking.InitialStandardDeviation,
            LearningRateDecay = GetFloat(arguments, "decay") ?? ranking.LearningRateDecay,
            Threads = arguments.GetInt("threads") ?? 0,
            Ranking = ranking.Ranking with
            {
                PositiveThreshold = GetFloat(arguments, "threshold") ?? ranking.Ranking.PositiveThreshold,
                NegativeSamples = arguments.GetInt("negatives") ?? ranking.Ranking.NegativeSamples,
            },
        };
        float boost = GetFloat(arguments, "boost") ?? FactorizationModel.DefaultPopularityBoost;
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
                    "rating" => new FactorizationTrainer(new TrainerOptions { Threads = ranking.Threads }).Fit(train),
                    "rating-boost" => new FactorizationTrainer(new TrainerOptions { Threads = ranking.Threads }).Fit(train).WithPopularityBoost(train, boost),
                    "ranking" => new FactorizationTrainer(ranking).Fit(train),
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

    private static float? GetFloat(Arguments arguments, string name) =>
        arguments.Get(name) is { } text ? float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
