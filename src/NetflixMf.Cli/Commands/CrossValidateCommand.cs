using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Splitting;
using NetflixMf.Training;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf cv</c>: k-fold cross-validation with the library's <see cref="KFoldSplitter"/>, reported like Surprise's <c>cross_validate</c>.</summary>
internal sealed class CrossValidateCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<int> _folds = FoldsOption(5);
    private readonly TrainingFlags _training = new();
    private readonly Option<bool> _json = CliOptions.Json();

    internal static Option<int> FoldsOption(int defaultFolds)
    {
        var option = new Option<int>("--folds") { Description = $"The number of folds k (2..{KFoldSplitter.MaxFolds}).", HelpName = "K", DefaultValueFactory = _ => defaultFolds };
        option.Validators.Add(result =>
        {
            int k = result.GetValueOrDefault<int>();
            if (k is < 2 or > KFoldSplitter.MaxFolds) result.AddError($"--folds must be in 2..{KFoldSplitter.MaxFolds}, got {k}.");
        });
        return option;
    }

    protected override Command Create()
    {
        var command = new Command("cv", "Cross-validate: train on k-1 folds and test on the held-out one, k times; print RMSE, MAE and fit time per fold with their mean and standard deviation.")
        {
            _data, _format, _onBadLine, _folds, _json,
        };
        foreach (var option in _training.All) command.Options.Add(option);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(_json);
        TrainRequest request = _training.Request(parse);
        TrainerOptions options = ModelTraining.Options(request);
        int folds = parse.GetValue(_folds);
        LoadedData data = await LoadAsync(parse.GetRequiredValue(_data), parse.GetValue(_format), parse.GetValue(_onBadLine), json, cancellationToken).ConfigureAwait(false);
        var splits = new KFoldSplitter(folds, options.Seed).Split(data.Ratings);
        string head = (options.Head ?? Models.HeadFactory.DotProduct).Name;
        if (!json) Renderer.Line($"cv: {folds} folds of {ConsoleRenderer.FormatCount(data.Ratings.Count)} ratings, head {head}, {options.EmbeddingDimension} factors, {options.Epochs} epochs, seed {options.Seed}");

        CrossValidationResult result = json
            ? await Task.Run(() => Run(options, splits, null, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await Renderer.RunWithProgressAsync("cross-validating", null, sink =>
                Run(options, splits, score =>
                {
                    sink.Line(Invariant($"fold {score.Fold}/{folds}: RMSE {score.Rmse:F4}, MAE {score.Mae:F4}, fit {ConsoleRenderer.FormatSeconds(score.FitSeconds)}"));
                    sink.Report(score.Fold, folds);
                }, cancellationToken), cancellationToken).ConfigureAwait(false);

        if (json) Renderer.Line(Json(result, folds, options));
        else foreach (string line in Table(result)) Renderer.Line(line);
        return ExitCodes.Success;
    }

    private static CrossValidationResult Run(TrainerOptions options, IReadOnlyList<TrainTestSplit> splits, Action<FoldScore>? onFold, CancellationToken cancellationToken)
    {
        try
        {
            return CrossValidation.Run(options, splits, onFold, cancellationToken);
        }
        catch (TrainingDivergedException e)
        {
            throw CliException.DataError($"{e.Message} Try a smaller --learning-rate.", e);
        }
    }

    /// <summary>The Surprise-style table: one column per fold, then Mean and Std.</summary>
    internal static IEnumerable<string> Table(CrossValidationResult result)
    {
        var header = new StringBuilder("            ");
        foreach (var fold in result.Folds) header.Append(Invariant($"{"Fold " + fold.Fold,-9}"));
        header.Append("Mean     Std");
        yield return header.ToString().TrimEnd();
        yield return Row("RMSE", result.Folds.Select(f => f.Rmse), result.MeanRmse, result.StdRmse, "F4");
        yield return Row("MAE", result.Folds.Select(f => f.Mae), result.MeanMae, result.StdMae, "F4");
        var times = result.Folds.Select(f => f.FitSeconds).ToList();
        double meanTime = times.Average();
        yield return Row("Fit time s", times, meanTime, Math.Sqrt(times.Sum(t => (t - meanTime) * (t - meanTime)) / times.Count), "F2");
    }

    private static string Row(string label, IEnumerable<double> values, double mean, double std, string format)
    {
        var row = new StringBuilder(Invariant($"{label,-12}"));
        foreach (double value in values) row.Append(Invariant($"{value.ToString(format, CultureInfo.InvariantCulture),-9}"));
        row.Append(Invariant($"{mean.ToString(format, CultureInfo.InvariantCulture),-9}{std.ToString(format, CultureInfo.InvariantCulture)}"));
        return row.ToString();
    }

    private static string Json(CrossValidationResult result, int folds, TrainerOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("folds", folds);
            WriteScores(writer, result);
            writer.WritePropertyName("options");
            using (var document = JsonDocument.Parse(options.ToJson())) document.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes rmse/mae mean and std and the per-fold scores (shared with tune).</summary>
    internal static void WriteScores(Utf8JsonWriter writer, CrossValidationResult result)
    {
        writer.WriteNumber("meanRmse", result.MeanRmse);
        writer.WriteNumber("stdRmse", result.StdRmse);
        writer.WriteNumber("meanMae", result.MeanMae);
        writer.WriteNumber("stdMae", result.StdMae);
        writer.WriteNumber("meanFitSeconds", Math.Round(result.MeanFitSeconds, 3));
        writer.WriteStartArray("foldScores");
        foreach (var fold in result.Folds)
        {
            writer.WriteStartObject();
            writer.WriteNumber("fold", fold.Fold);
            writer.WriteNumber("rmse", fold.Rmse);
            writer.WriteNumber("mae", fold.Mae);
            writer.WriteNumber("fitSeconds", Math.Round(fold.FitSeconds, 3));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
