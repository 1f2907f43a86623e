using System.CommandLine;

namespace NetflixMf.Cli;

/// <summary>Which objective <c>train --objective</c> asks for.</summary>
internal enum ObjectiveKind
{
    Rating,
    Ranking,
}

/// <summary>The options of issue 10 (ranking objective, ranking evaluation, batched recommend), kept apart from <see cref="CliOptions"/>.</summary>
internal static class RankingCliOptions
{
    public static Option<ObjectiveKind?> Objective() =>
        new("--objective")
        {
            HelpName = "rating|ranking",
            Description = "What to train for: rating (squared error, RMSE) or ranking (BPR top-N from who rated what; the ranking defaults apply). Default: rating.",
        };

    public static Option<bool> Implicit() =>
        new("--implicit") { Description = "--data holds (user, movie) pairs without ratings (two-column CSV/TSV, or a Netflix probe/qualifying-style file); implies --objective ranking." };

    public static Option<bool> Ranking() =>
        new("--ranking") { Description = "Print top-K ranking metrics (precision, recall, NDCG, MAP, hit rate; relevant = test rating >= --relevant; training movies excluded) next to the most-popular baseline." };

    public static Option<int> Top(string description, int defaultValue) =>
        new Option<int>("--top") { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "K" }.Positive();

    public static Option<double> Relevant() =>
        new("--relevant") { Description = "The lowest test rating that makes a movie relevant for --ranking.", DefaultValueFactory = _ => 4.0, HelpName = "R" };

    public static Option<double?> PopularityBoost() =>
        new Option<double?>("--popularity-boost")
        {
            Description = "Rank a rating model's lists by score + W * ln(1 + number of training ratings of the movie); 1 matches or beats the most-popular list on MovieLens (docs/models.md). Needs the training ratings.",
            HelpName = "W",
        }.NonNegative();

    /// <summary>Fails the command line when the option's value is negative.</summary>
    public static Option<double?> NonNegative(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is double value && !(value >= 0)) result.AddError($"{option.Name} must be 0 or more, got {value}.");
        });
        return option;
    }
}
