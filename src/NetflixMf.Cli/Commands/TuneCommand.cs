using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Splitting;
using NetflixMf.Training;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf tune</c>: grid or random search over trainer options, scored by k-fold cross-validation or a hold-out (like Surprise's GridSearchCV / RandomizedSearchCV).</summary>
internal sealed class TuneCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<string[]> _params = new("--param")
    {
        Description = $"An option to search and its values: NAME=A,B,C (a list) or NAME=LOW..HIGH (a range, with --random; sampled log-uniformly when positive). Repeat for several options. NAME is one of {SearchParameter.Names}.",
        HelpName = "NAME=VALUES",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<int?> _random = new Option<int?>("--random") { Description = "Try N random combinations instead of the full grid.", HelpName = "N" }.Positive();
    private readonly Option<int> _folds = CrossValidateCommand.FoldsOption(3);
    private readonly Option<double?> _holdout = new Option<double?>("--holdout") { Description = "Score each candidate on one random hold-out of this fraction instead of k folds (faster).", HelpName = "F" }.Positive();
    private readonly TrainingFlags _training = new();
    private readonly Option<string?> _save = new("--save") { Description = "Write the best options as JSON to this file (for train --options, cv --options).", HelpName = "FILE" };
    private readonly Option<bool> _json = CliOptions.Json();

    protected override Command Create()
    {
        var command = new Command("tune", "Search trainer options (grid or random) by cross-validation or a hold-out; print every candidate's RMSE and the best options as JSON.")
        {
            _data, _format, _onBadLine, _params, _random, _folds, _holdout, _save, _json,
        };
        foreach (var option in _training.All) command.Options.Add(option);
        _params.Validators.Add(result =>
        {
            foreach (string text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!SearchParameter.TryParse(text, out _, out string error)) result.AddError(error);
            }
        });
        _holdout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is double f && f >= 1) result.AddError($"--holdout must be a fraction in (0, 1), got {f}.");
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(_holdout) is { Implicit: false } && result.GetResult(_folds) is { Implicit: false })
            {
                result.AddError("--holdout and --folds cannot be used together: choose one way to score.");
            }
        });
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(_json);
        TrainerOptions baseOptions = ModelTraining.Options(_training.Request(parse));
        var parameters = new List<SearchParameter>();
        foreach (string text in parse.GetValue(_params) ?? [])
        {
            SearchParameter.TryParse(text, out var parameter, out _);
            if (parameters.Any(p => p.Name == parameter!.Name)) throw CliException.Usage($"--param {parameter!.Name} is given twice.");
            parameters.Add(parameter!);
        }
        var values = parse.GetValue(_random) is int draws
            ? SearchSpace.Random(parameters, draws, baseOptions.Seed)
            : SearchSpace.Grid(parameters);
        // Every candidate is checked before minutes of reading and training.
        var candidates = values.Select(v => Candidate(baseOptions, parameters, v)).ToList();

        using var outputs = new StagedOutputs();
        string? savePath = parse.GetValue(_save);
        var saveOutput = savePath is null ? null : outputs.Stage(savePath, "--save");

        LoadedData data = await LoadAsync(parse.GetRequiredValue(_data), parse.GetValue(_format), parse.GetValue(_onBadLine), json, cancellationToken).ConfigureAwait(false);
        double? holdout = parse.GetValue(_holdout);
        IReadOnlyList<TrainTestSplit> splits = holdout is double fraction
            ? [new RandomSplitter(fraction, baseOptions.Seed).Split(data.Ratings)]
            : new KFoldSplitter(parse.GetValue(_folds), baseOptions.Seed).Split(data.Ratings);
        string scoring = holdout is double h ? Invariant($"a {h:P0} hold-out") : $"{splits.Count} folds";
        if (!json) Renderer.Line($"tune: {candidates.Count} candidate(s) x {scoring} of {ConsoleRenderer.FormatCount(data.Ratings.Count)} ratings");

        var results = new CrossValidationResult?[candidates.Count];
        void Search(Action<int, string>? onCandidate)
        {
            for (int c = 0; c < candidates.Count; c++)
            {
                try
                {
                    results[c] = CrossValidation.Run(candidates[c].Options, splits, null, cancellationToken);
                }
                catch (TrainingDivergedException)
                {
                    results[c] = null; // A diverging candidate is a bad candidate, not a failed search.
                }
                onCandidate?.Invoke(c, results[c] is not { } r ? "diverged"
                    : r.Folds.Count == 1 ? Invariant($"RMSE {r.MeanRmse:F4}") : Invariant($"RMSE {r.MeanRmse:F4} ± {r.StdRmse:F4}"));
            }
        }
        if (json) await Task.Run(() => Search(null), cancellationToken).ConfigureAwait(false);
        else
        {
            await Renderer.RunWithProgressAsync("tuning", null, sink =>
            {
                Search((c, text) =>
                {
                    sink.Line($"{c + 1}/{candidates.Count} {candidates[c].Label}: {text}");
                    sink.Report(c + 1, candidates.Count);
                });
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }

        var ranked = Enumerable.Range(0, candidates.Count).Where(c => results[c] is not null).OrderBy(c => results[c]!.MeanRmse).ThenBy(c => c).ToList();
        if (ranked.Count == 0) throw CliException.DataError("every candidate diverged; try smaller learning rates.");
        int best = ranked[0];
        TrainerOptions bestOptions = candidates[best].Options;
        if (saveOutput is not null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(bestOptions.ToJson() + Environment.NewLine);
            await saveOutput.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Commit();

        if (json)
        {
            Renderer.Line(Json(candidates, results, best, scoring));
            return ExitCodes.Success;
        }
        Renderer.Line(Invariant($"{"rank",-5}{"candidate",-40}{"RMSE",-9}{"± std",-9}MAE"));
        for (int r = 0; r < ranked.Count; r++)
        {
            var result = results[ranked[r]]!;
            string std = result.Folds.Count == 1 ? "-" : Invariant($"{result.StdRmse:F4}");
            Renderer.Line(Invariant($"{r + 1,-5}{candidates[ranked[r]].Label,-40}{result.MeanRmse,-9:F4}{std,-9}{result.MeanMae:F4}"));
        }
        foreach (int c in Enumerable.Range(0, candidates.Count).Where(c => results[c] is null)) Renderer.Line($"-    {candidates[c].Label,-40}diverged");
        var winner = results[best]!;
        string spread = winner.Folds.Count == 1 ? string.Empty : Invariant($" ± {winner.StdRmse:F4}");
        Renderer.Line(Invariant($"best: {candidates[best].Label}: RMSE {winner.MeanRmse:F4}{spread}, MAE {winner.MeanMae:F4}"));
        Renderer.Line("best options:");
        Renderer.Line(bestOptions.ToJson());
        if (savePath is not null) Renderer.Line($"best options written to {savePath} (use: netflixmf train --options {savePath})");
        return ExitCodes.Success;
    }

    private static (TrainerOptions Options, string Label) Candidate(TrainerOptions baseOptions, List<SearchParameter> parameters, IReadOnlyList<double> values)
    {
        var options = baseOptions;
        var label = new StringBuilder();
        for (int i = 0; i < parameters.Count; i++)
        {
            options = parameters[i].Apply(options, values[i]);
            if (label.Length > 0) label.Append(' ');
            label.Append(parameters[i].Name).Append('=').Append(parameters[i].Format(values[i]));
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            string problem = e.Message.Split('\n')[0];
            int parameter = problem.IndexOf(" (Parameter '", StringComparison.Ordinal);
            if (parameter >= 0) problem = problem[..parameter];
            throw CliException.Usage($"--param {label}: {problem}", e);
        }
        return (options, label.ToString());
    }

    private static string Json(List<(TrainerOptions Options, string Label)> candidates, CrossValidationResult?[] results, int best, string scoring)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("scoring", scoring);
            writer.WriteStartArray("candidates");
            for (int c = 0; c < candidates.Count; c++)
            {
                writer.WriteStartObject();
                writer.WriteString("candidate", candidates[c].Label);
                writer.WriteBoolean("diverged", results[c] is null);
                if (results[c] is { } result) CrossValidateCommand.WriteScores(writer, result);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("best", candidates[best].Label);
            writer.WritePropertyName("bestOptions");
            using (var document = JsonDocument.Parse(candidates[best].Options.ToJson())) document.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
