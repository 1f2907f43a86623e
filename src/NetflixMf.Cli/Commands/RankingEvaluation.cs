using System.Diagnostics;
using System.Text.Json.Serialization;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Evaluation;
using NetflixMf.Models;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf evaluate --ranking</c>: top-K metrics of a saved model next to the most-popular baseline.</summary>
internal static class RankingEvaluation
{
    public static int Run(
        ConsoleRenderer renderer, IRecommender model, string modelPath, SplitResult split, int k, double relevant, double? popularityBoost, bool json, Stopwatch clock, CancellationToken cancellationToken)
    {
        float threshold = RankingWorkflow.Relevance(split.Test, relevant);
        IRecommender ranked = model;
        string name = modelPath;
        if (popularityBoost is double boost)
        {
            if (model is not FactorizationModel factorization) throw CliException.Usage("--popularity-boost applies to factorization models (train dot or mlp), not to baselines.");
            ranked = factorization.WithPopularityBoost(split.Train, (float)boost);
            name = $"{modelPath} with popularity boost {boost}";
        }
        var (result, baseline) = RankingWorkflow.Evaluate(ranked, split.Train, split.Test, k, threshold, cancellationToken);
        if (json)
        {
            renderer.Line(RankingJson.Serialize(new RankingEvaluateJson(
                modelPath, split.Description, popularityBoost, Metrics(result), Metrics(baseline), Math.Round(clock.Elapsed.TotalSeconds, 3))));
            return ExitCodes.Success;
        }
        renderer.Line($"{name} on {split.Description}, training movies excluded:");
        foreach (string line in RankingWorkflow.Describe("model", result, baseline)) renderer.Line("  " + line);
        return ExitCodes.Success;
    }

    private static RankingMetricsJson Metrics(RankingResult r) =>
        new(r.K, r.RelevanceThreshold, r.Precision, r.Recall, r.Ndcg, r.MeanAveragePrecision, r.HitRate, r.Users, r.UsersWithoutRelevant, r.UnknownUsers);
}

internal sealed record RankingMetricsJson(int K, float RelevanceThreshold, double Precision, double Recall, double Ndcg, double Map, double HitRate, long Users, long UsersWithoutRelevant, long UnknownUsers);

internal sealed record RankingEvaluateJson(string Model, string Test, double? PopularityBoost, RankingMetricsJson Ranking, RankingMetricsJson Popularity, double Seconds);

/// <summary>One line of <c>recommend --format jsonl</c>.</summary>
internal sealed record RecommendLineJson(int User, IReadOnlyList<int> Movies);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RankingEvaluateJson))]
[JsonSerializable(typeof(RecommendLineJson))]
internal sealed partial class RankingJsonContext : JsonSerializerContext;

internal static class RankingJson
{
    public static string Serialize<T>(T document)
        where T : class =>
        System.Text.Json.JsonSerializer.Serialize(document, typeof(T), RankingJsonContext.Default);
}
