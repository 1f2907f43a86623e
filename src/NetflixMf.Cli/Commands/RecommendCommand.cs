using System.CommandLine;
using NetflixMf.Data;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Models;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf recommend</c>: a user's top movies from a saved model, with titles and without what they rated.</summary>
internal sealed class RecommendCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _model = CliOptions.ModelFile();
    private readonly Option<int> _user = CliOptions.User(required: false);
    private readonly Option<string?> _users = RecommendBatch.Users();
    private readonly Option<RecommendFormat> _outputFormat = RecommendBatch.Format();
    private readonly Option<double?> _boost = RankingCliOptions.PopularityBoost();
    private readonly Option<int> _top = new Option<int>("--top") { Description = "How many movies to recommend.", DefaultValueFactory = _ => 10, HelpName = "N" }.Positive();
    private readonly Option<string?> _titles = new("--titles") { Description = "A Netflix movie_titles.txt to show titles from.", HelpName = "FILE" };
    private readonly Option<string?> _excludeRated = new("--exclude-rated") { Description = "Ratings (a file or folder, any supported format) whose movies rated by this user are never recommended.", HelpName = "PATH" };
    private readonly Option<bool> _json = CliOptions.Json();

    protected override Command Create()
    {
        var command = new Command("recommend", "Recommend a user's top movies with a saved model; --users for many users at once.")
        {
            _model, _user, _top, _titles, _excludeRated, _json, _users, _outputFormat, _boost,
        };
        command.Validators.Add(result =>
        {
            bool one = result.GetResult(_user) is { Implicit: false }, many = result.GetResult(_users) is { Implicit: false };
            if (one == many) result.AddError("recommend needs exactly one of --user ID or --users all|ID,ID,...");
        });
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_users) is { } users)
        {
            return await RecommendBatch.RunAsync(Renderer, parse.GetRequiredValue(_model), users, parse.GetValue(_top), parse.GetValue(_excludeRated),
                parse.GetValue(_outputFormat), parse.GetValue(_boost), cancellationToken).ConfigureAwait(false);
        }
        int user = parse.GetValue(_user);
        bool json = parse.GetValue(_json);
        using var model = ModelTraining.LoadModel(parse.GetRequiredValue(_model));
        string? titlesPath = parse.GetValue(_titles);
        IReadOnlyDictionary<int, string>? titles = titlesPath is null ? null : DataSources.ReadTitles(titlesPath, cancellationToken);

        HashSet<int>? exclude = null;
        string? excludePath = parse.GetValue(_excludeRated);
        if (excludePath is not null)
        {
            LoadedData rated = await LoadAsync(excludePath, RatingFileFormat.Auto, BadLinePolicy.Error, quiet: json, cancellationToken).ConfigureAwait(false);
            exclude = RatingQueries.MoviesRatedBy(rated.Ratings, user);
        }

        IReadOnlyList<Recommendation> top = model.Recommend(user, parse.GetValue(_top), exclude);
        if (json)
        {
            Renderer.Line(CliJson.Serialize(new RecommendJson(
                user, model.IsKnownUser(user), exclude?.Count ?? 0,
                [.. top.Select((r, i) => new RecommendationJson(i + 1, r.MovieId, r.PredictedRating, titles?.GetValueOrDefault(r.MovieId)))])));
            return ExitCodes.Success;
        }

        string who = model.IsKnownUser(user) ? $"user {user}" : $"user {user} (unknown to the model: the movies with the highest mean + bias)";
        string excluded = exclude is null ? string.Empty : $", excluding {exclude.Count} rated movies";
        Renderer.Line($"top {top.Count} for {who}{excluded}:");
        Renderer.RecommendationTable(top, titles);
        return ExitCodes.Success;
    }
}
