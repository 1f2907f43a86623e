using System.CommandLine;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf predict</c>: one predicted rating from a saved model, or every pair of a pair or rating file.</summary>
internal sealed class PredictCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _model = CliOptions.ModelFile();
    private readonly Option<int> _user = CliOptions.User(required: false);
    private readonly Option<int?> _movie = new("--movie") { Description = "The raw movie id.", HelpName = "ID" };
    private readonly Option<string?> _pairs = new("--pairs") { Description = "Predict every pair of a Netflix pair file (qualifying.txt, probe.txt) into the prize's submission format, or every line of a MovieLens-style rating file (then also print the RMSE).", HelpName = "FILE" };
    private readonly Option<string?> _out = new("--out") { Description = "Where --pairs writes its predictions.", HelpName = "FILE" };
    private readonly Option<string?> _data = new("--data") { Description = "With a probe.txt in --pairs: the training ratings to take each probe pair's true rating and date from (prints the probe RMSE).", HelpName = "PATH" };

    protected override Command Create()
    {
        var command = new Command("predict", "Predict one user's rating of one movie, or every pair of a pair file, with a saved model.")
        {
            _model, _user, _movie, _pairs, _out, _data,
        };
        command.Validators.Add(result =>
        {
            bool pairs = result.GetResult(_pairs) is { Implicit: false };
            bool single = result.GetResult(_user) is { Implicit: false } || result.GetResult(_movie) is { Implicit: false };
            if (pairs && single) result.AddError("Give either --user and --movie, or --pairs, not both.");
            else if (pairs && result.GetResult(_out) is null) result.AddError("--pairs needs --out FILE.");
            else if (!pairs && (result.GetResult(_user) is null || result.GetResult(_movie) is null)) result.AddError("Give --user and --movie, or --pairs FILE --out FILE.");
        });
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var model = ModelTraining.LoadModel(parse.GetRequiredValue(_model));
        if (parse.GetValue(_pairs) is string pairsPath) return await PredictPairsAsync(model, pairsPath, parse.GetValue(_out)!, parse.GetValue(_data), cancellationToken).ConfigureAwait(false);

        int user = parse.GetValue(_user), movie = parse.GetValue(_movie) ?? 0;
        Prediction prediction = model.PredictDetailed(user, movie);
        string basis = prediction.Basis switch
        {
            PredictionBasis.Model => string.Empty,
            PredictionBasis.UnknownUser => $" (user {user} is unknown to the model: global mean + movie bias)",
            PredictionBasis.UnknownMovie => $" (movie {movie} is unknown to the model: global mean + user bias)",
            _ => $" (user {user} and movie {movie} are unknown to the model: global mean)",
        };
        Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"user {user} movie {movie}: predicted rating {prediction.Value:F3}{basis}"));
        return ExitCodes.Success;
    }

    private async Task<int> PredictPairsAsync(IRecommender model, string pairsPath, string outPath, string? dataPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(pairsPath)) throw CliException.DataError($"{pairsPath}: no such file.");
        using var outputs = new StagedOutputs();
        var output = outputs.Stage(outPath, "--out");
        bool netflixPairs = PairFilePredictor.IsNetflixPairFile(pairsPath);
        PairPredictionReport report;
        if (netflixPairs)
        {
            RatingSet? ratings = null;
            if (dataPath is not null) ratings = (await LoadAsync(dataPath, RatingFileFormat.Auto, BadLinePolicy.Error, quiet: false, cancellationToken).ConfigureAwait(false)).Ratings;
            report = await Task.Run(() => PairFilePredictor.PredictNetflixPairs(model, pairsPath, output.Stream, ratings, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            report = await Task.Run(() => PairFilePredictor.PredictRatingFile(model, pairsPath, output.Stream, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Commit();
        string rmse = report.Rmse is double r ? string.Create(CultureInfo.InvariantCulture, $"; RMSE {r:F4} over {ConsoleRenderer.FormatCount(report.RatedPairs)} rated pairs") : string.Empty;
        Renderer.Line($"predicted {ConsoleRenderer.FormatCount(report.Pairs)} pairs in {ConsoleRenderer.FormatSeconds(report.Seconds)}{rmse}; written to {outPath}");
        return ExitCodes.Success;
    }

}
