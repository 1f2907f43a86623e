using System.CommandLine;
using System.Globalization;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Models;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf predict</c>: one predicted rating from a saved model.</summary>
internal sealed class PredictCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _model = CliOptions.ModelFile();
    private readonly Option<int> _user = CliOptions.User();
    private readonly Option<int> _movie = CliOptions.Movie();

    protected override Command Create() => new("predict", "Predict one user's rating of one movie with a saved model.")
    {
        _model, _user, _movie,
    };

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        int user = parse.GetValue(_user), movie = parse.GetValue(_movie);
        using var model = ModelTraining.LoadModel(parse.GetRequiredValue(_model));
        Prediction prediction = model.PredictDetailed(user, movie);
        string basis = prediction.Basis switch
        {
            PredictionBasis.Model => string.Empty,
            PredictionBasis.UnknownUser => $" (user {user} is unknown to the model: global mean + movie bias)",
            PredictionBasis.UnknownMovie => $" (movie {movie} is unknown to the model: global mean + user bias)",
            _ => $" (user {user} and movie {movie} are unknown to the model: global mean)",
        };
        Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"user {user} movie {movie}: predicted rating {prediction.Value:F3}{basis}"));
        return Task.FromResult(ExitCodes.Success);
    }
}
