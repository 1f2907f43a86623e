using System.CommandLine;
using NetflixMf.Data;
using System.Diagnostics;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Evaluation;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf evaluate</c>: RMSE and MAE of a saved model on a test set.</summary>
internal sealed class EvaluateCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _model = CliOptions.ModelFile();
    private readonly Option<string> _data = CliOptions.Data("The data the model was trained on; the test ratings are split from it as train does (same --split and --seed give the same test set).");
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<SplitSpec?> _split = CliOptions.Split();
    private readonly Option<string?> _test = CliOptions.Test();
    private readonly Option<int?> _seed = new("--seed") { Description = "The seed of the split (default: the library's, as train).", HelpName = "S" };
    private readonly Option<bool> _json = CliOptions.Json();
    private readonly Option<bool> _ranking = RankingCliOptions.Ranking();
    private readonly Option<int> _top = RankingCliOptions.Top("The list length K of --ranking.", 10);
    private readonly Option<double> _relevant = RankingCliOptions.Relevant();
    private readonly Option<double?> _boost = RankingCliOptions.PopularityBoost();

    protected override Command Create()
    {
        // With --test the test set is that file alone, so --data is then not needed.
        _data.Required = false;
        var command = new Command("evaluate", "Print the RMSE and MAE of a saved model on test ratings (predictions clamped to the scale).")
        {
            _model, _data, _format, _onBadLine, _split, _test, _seed, _json, _ranking, _top, _relevant, _boost,
        };
        CliOptions.SplitOrTest(command, _split, _test);
        command.Validators.Add(result =>
        {
            if (result.GetResult(_data) is null && result.GetResult(_test) is null) result.AddError("evaluate needs --data (split as train does) or --test PATH.");
        });
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(_json);
        string modelPath = parse.GetRequiredValue(_model);
        RatingFileFormat format = parse.GetValue(_format);
        BadLinePolicy onBadLine = parse.GetValue(_onBadLine);
        var clock = Stopwatch.StartNew();
        using var model = ModelTraining.LoadModel(modelPath);

        SplitResult split;
        string? testPath = parse.GetValue(_test);
        if (parse.GetValue(_ranking))
        {
            // Ranking needs the training ratings (excluded from the lists, and the baseline's counts): --data, split as train does or beside --test.
            if (parse.GetResult(_data) is null) throw CliException.Usage("evaluate --ranking needs --data: the training ratings to exclude and to fit the most-popular baseline on.");
            LoadedData trainData = await LoadAsync(parse.GetRequiredValue(_data), format, onBadLine, json, cancellationToken).ConfigureAwait(false);
            SplitResult rankingSplit = await SplitAsync(trainData, parse.GetValue(_split), testPath, format, onBadLine, parse.GetValue(_seed), json, cancellationToken).ConfigureAwait(false);
            return RankingEvaluation.Run(Renderer, model, modelPath, rankingSplit, parse.GetValue(_top), parse.GetValue(_relevant), parse.GetValue(_boost), json, clock, cancellationToken);
        }
        if (testPath is not null)
        {
            LoadedData test = await LoadAsync(testPath, format, onBadLine, json, cancellationToken).ConfigureAwait(false);
            split = TestSplits.SeparateTest(test, test);
        }
        else
        {
            CheckSplitUpFront(parse.GetRequiredValue(_data), format, parse.GetValue(_split));
            LoadedData data = await LoadAsync(parse.GetRequiredValue(_data), format, onBadLine, json, cancellationToken).ConfigureAwait(false);
            split = await SplitAsync(data, parse.GetValue(_split), null, format, onBadLine, parse.GetValue(_seed), json, cancellationToken).ConfigureAwait(false);
        }

        ErrorMetrics metrics = RatingMetrics.Evaluate(model, split.Test, cancellationToken: cancellationToken);
        if (json)
        {
            Renderer.Line(CliJson.Serialize(new EvaluateJson(
                modelPath, split.Description, metrics.Count, metrics.Rmse, metrics.Mae, metrics.UnknownUsers, metrics.UnknownMovies, Math.Round(clock.Elapsed.TotalSeconds, 3))));
        }
        else
        {
            Renderer.Line($"{modelPath} on {split.Description}: {metrics}");
        }
        return ExitCodes.Success;
    }
}
