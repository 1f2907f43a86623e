using System.CommandLine;
using System.Globalization;
using System.Text;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Models;

namespace NetflixMf.Cli.Commands;

/// <summary>How <c>recommend --users</c> prints its lists.</summary>
internal enum RecommendFormat
{
    Table,
    Jsonl,
}

/// <summary><c>netflixmf recommend --users all|ID,ID,...</c>: top-K lists for many users at once, on all cores.</summary>
internal static class RecommendBatch
{
    public static Option<string?> Users() =>
        new("--users") { Description = "Recommend to many users at once: all (every user the model knows) or a comma-separated list of raw ids.", HelpName = "all|ID,ID,..." };

    public static Option<RecommendFormat> Format() =>
        new("--format")
        {
            HelpName = "table|jsonl",
            Description = "With --users: table (one line per user) or jsonl ({\"user\": ID, \"movies\": [IDs, best first]} per line).",
            DefaultValueFactory = _ => RecommendFormat.Table,
        };

    public static async Task<int> RunAsync(
        ConsoleRenderer renderer, string modelPath, string users, int top, string? excludePath, RecommendFormat format, double? popularityBoost, CancellationToken cancellationToken)
    {
        int[]? listed = users.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null : ParseIds(users);
        using IRecommender model = ModelTraining.LoadModel(modelPath);
        int[] userIds = listed ?? RankingWorkflow.KnownUsers(model);
        RatingView? exclude = null;
        if (excludePath is not null)
        {
            LoadedData rated = await Task.Run(() => DataSources.Load(excludePath, RatingFileFormat.Auto, BadLinePolicy.Error, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            exclude = rated.Ratings.All();
        }
        IRecommender ranked = model;
        if (popularityBoost is double boost)
        {
            if (model is not FactorizationModel boosted) throw CliException.Usage("--popularity-boost applies to factorization models, not to baselines.");
            if (exclude is null) throw CliException.Usage("--popularity-boost needs the training ratings: give them as --exclude-rated.");
            ranked = boosted.WithPopularityBoost(exclude, (float)boost);
        }

        IReadOnlyList<IReadOnlyList<Recommendation>> lists = await Task.Run(
            () => ranked is FactorizationModel factorization
                ? factorization.Recommend(userIds, top, exclude, cancellationToken: cancellationToken)
                : PerUser(ranked, userIds, top, exclude, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        TextWriter output = renderer.Output;
        var line = new StringBuilder();
        for (int i = 0; i < userIds.Length; i++)
        {
            line.Clear();
            if (format == RecommendFormat.Jsonl)
            {
                line.Append(CultureInfo.InvariantCulture, $"{{\"user\": {userIds[i]}, \"movies\": [");
                for (int j = 0; j < lists[i].Count; j++) line.Append(CultureInfo.InvariantCulture, $"{(j > 0 ? ", " : "")}{lists[i][j].MovieId}");
                line.Append("]}");
            }
            else
            {
                line.Append(CultureInfo.InvariantCulture, $"user {userIds[i]}:");
                foreach (var r in lists[i]) line.Append(CultureInfo.InvariantCulture, $" {r.MovieId}");
            }
            await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static int[] ParseIds(string text)
    {
        var ids = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                throw CliException.Usage($"--users: '{part}' is not a raw user id (expected all or ID,ID,...).");
            }
            ids.Add(id);
        }
        return [.. ids];
    }

    /// <summary>Any recommender, user by user in parallel, each with the movies it rated in <paramref name="exclude"/>.</summary>
    private static IReadOnlyList<Recommendation>[] PerUser(IRecommender model, int[] userIds, int top, RatingView? exclude, CancellationToken cancellationToken)
    {
        Dictionary<int, HashSet<int>>? rated = null;
        if (exclude is not null)
        {
            var wanted = new HashSet<int>(userIds);
            rated = [];
            RatingSet set = exclude.Source;
            for (int i = 0; i < exclude.Count; i++)
            {
                int p = exclude.PositionAt(i);
                int userId = set.Users.GetId(set.UserIndices[p]);
                if (!wanted.Contains(userId)) continue;
                if (!rated.TryGetValue(userId, out var movies)) rated[userId] = movies = [];
                movies.Add(set.Movies.GetId(set.MovieIndices[p]));
            }
        }
        var lists = new IReadOnlyList<Recommendation>[userIds.Length];
        Parallel.For(0, userIds.Length, new ParallelOptions { CancellationToken = cancellationToken },
            i => lists[i] = model.Recommend(userIds[i], top, rated?.GetValueOrDefault(userIds[i])));
        return lists;
    }
}
