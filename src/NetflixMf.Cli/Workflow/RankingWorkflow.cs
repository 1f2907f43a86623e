using System.Diagnostics;
using System.Globalization;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls for top-N work: implicit data, baselines, ranking metrics next to the most-popular list, batched lists.</summary>
internal static class RankingWorkflow
{
    /// <summary>Reads (user, movie) pairs without ratings as a data set whose every rating is 1.</summary>
    public static LoadedData LoadImplicit(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such file (--implicit reads one pair file).");
        var clock = Stopwatch.StartNew();
        RatingSet pairs = ImplicitFeedbackReader.Read(path, cancellationToken);
        return new LoadedData(path, pairs, "implicit pairs", [path], 0, [], clock.Elapsed.TotalSeconds, null, null);
    }

    /// <summary>Fits the popularity or bias baseline.</summary>
    public static IRecommender FitBaseline(ModelKind kind, RatingView train) => kind switch
    {
        ModelKind.Popularity => PopularityRecommender.Fit(train),
        ModelKind.Bias => BiasRecommender.Fit(train),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a baseline."),
    };

    /// <summary>Saves any recommender the CLI can train.</summary>
    public static void Save(IRecommender model, Stream stream)
    {
        switch (model)
        {
            case FactorizationModel factorization: factorization.Save(stream); break;
            case PopularityRecommender popularity: popularity.Save(stream); break;
            case BiasRecommender bias: bias.Save(stream); break;
            default: throw new InvalidOperationException($"{model.GetType().Name} cannot be saved.");
        }
    }

    /// <summary>The raw ids of every user a model knows.</summary>
    public static int[] KnownUsers(IRecommender model) => model switch
    {
        FactorizationModel factorization => factorization.Users.Ids.ToArray(),
        PopularityRecommender popularity => popularity.Users.Ids.ToArray(),
        BiasRecommender bias => bias.Users.Ids.ToArray(),
        _ => throw CliException.Usage("--users all: this model kind does not list its users; give --users ID,ID,..."),
    };

    /// <summary>The relevance threshold to use on <paramref name="test"/>: the asked one, or the top of an implicit (1..1) scale.</summary>
    public static float Relevance(RatingView test, double asked)
    {
        RatingScale scale = test.Source.Scale;
        if (scale.Minimum == scale.Maximum) return scale.Maximum;
        if (!scale.Contains((float)asked)) throw CliException.Usage($"--relevant {asked.ToString(CultureInfo.InvariantCulture)} lies outside the test rating scale {scale.Minimum}..{scale.Maximum}.");
        return (float)asked;
    }

    /// <summary>Ranking metrics of <paramref name="model"/> and of the most-popular list fitted on the same training ratings.</summary>
    public static (RankingResult Model, RankingResult Popularity) Evaluate(IRecommender model, RatingView train, RatingView test, int k, float relevant, CancellationToken cancellationToken)
    {
        var options = new RankingOptions { K = k, RelevanceThreshold = relevant };
        RankingResult result = RankingMetrics.Evaluate(model, test, train, options, cancellationToken: cancellationToken);
        using var popularity = PopularityRecommender.Fit(train);
        RankingResult baseline = RankingMetrics.Evaluate(popularity, test, train, options, cancellationToken: cancellationToken);
        return (result, baseline);
    }

    /// <summary>Two lines: the model's metrics and the baseline's, with the model's ratio to it.</summary>
    public static IEnumerable<string> Describe(string name, RankingResult model, RankingResult popularity)
    {
        yield return $"{name}: {model}";
        yield return $"most-popular baseline: {popularity}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"ratio to the baseline: precision@{model.K} {Ratio(model.Precision, popularity.Precision)}, NDCG@{model.K} {Ratio(model.Ndcg, popularity.Ndcg)}, MAP@{model.K} {Ratio(model.MeanAveragePrecision, popularity.MeanAveragePrecision)}");
    }

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
}
