using System.CommandLine;
using System.Diagnostics;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Evaluation;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf train</c>: reads, splits, trains with per-epoch RMSE, then saves the model, metrics and learning curve.</summary>
internal sealed class TrainCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<SplitSpec?> _split = CliOptions.Split();
    private readonly Option<string?> _test = CliOptions.Test();
    private readonly Option<ModelKind> _model = new("--model") { HelpName = "dot|mlp|neumf|svdpp|popularity|bias", Description = "The model: dot (biased matrix factorization), mlp or neumf (GMF + MLP, He et al. 2017) heads, svdpp (SVD++: implicit feedback from who rated what, Koren 2008); or a baseline: popularity (most-rated movies) or bias (mean + biases).", DefaultValueFactory = _ => ModelKind.Dot };
    private readonly Option<ObjectiveKind?> _objective = RankingCliOptions.Objective();
    private readonly Option<bool> _implicit = RankingCliOptions.Implicit();
    private readonly Option<int?> _factors = new Option<int?>("--embedding-dimension", "--factors", "-k") { Description = "The embedding dimension k (default: the library's); --factors and -k are aliases.", HelpName = "K" }.Positive();
    private readonly Option<int?> _epochs = new Option<int?>("--epochs") { Description = "Passes over the training ratings (default: the library's).", HelpName = "N" }.Positive();
    private readonly Option<int?> _batchSize = new Option<int?>("--batch-size") { Description = "Ratings per training step (default: the library's).", HelpName = "B" }.Positive();
    private readonly Option<double?> _learningRate = new Option<double?>("--learning-rate") { Description = "The learning rate (default: the library's).", HelpName = "X" }.Positive();
    private readonly Option<double?> _l2 = new("--l2") { Description = "The L2 regularization weight (default: the library's).", HelpName = "X" };
    private readonly Option<int?> _seed = new("--seed") { Description = "The random seed for the split, initialization and shuffling (default: the library's).", HelpName = "S" };
    private readonly Option<DeviceKind?> _device = new("--device") { HelpName = "cpu|cuda", Description = "Where to train (default: the library's)." };
    private readonly Option<int?> _threads = new Option<int?>("--threads") { Description = "CPU threads for training (default: the library's).", HelpName = "T" }.Positive();
    private readonly Option<string?> _save = new("--save") { Description = "Save the trained model to this file.", HelpName = "FILE" };
    private readonly Option<string?> _metrics = new("--metrics") { Description = "Write the per-epoch and final metrics as JSON to this file.", HelpName = "FILE" };
    private readonly Option<bool> _timeBiases = new("--time-biases") { Description = "Learn time-aware user and movie biases (timeSVD++ biases, Koren 2009) with --model dot or svdpp; needs dated ratings." };
    private readonly Option<string?> _options = TrainingFlags.OptionsFile();
    private readonly Option<string?> _plot = new("--plot") { Description = "Draw the learning curve (train and test RMSE per epoch) to this .svg or .png file.", HelpName = "FILE" };

    protected override Command Create()
    {
        var command = new Command("train", "Train a model with per-epoch train and test RMSE; optionally save it, its metrics and its learning curve.")
        {
            _data, _format, _onBadLine, _split, _test, _model, _factors, _epochs, _batchSize, _learningRate, _l2, _seed, _device, _threads, _options, _save, _metrics, _plot,
            _objective, _implicit, _timeBiases,
        };
        CliOptions.SplitOrTest(command, _split, _test);
        _plot.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is not null && !LearningCurvePlot.IsSupported(path)) result.AddError($"--plot '{path}' must end in .svg or .png.");
        });
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string dataPath = parse.GetRequiredValue(_data);
        RatingFileFormat format = parse.GetValue(_format);
        BadLinePolicy onBadLine = parse.GetValue(_onBadLine);
        int? seed = parse.GetValue(_seed);
        var request = new TrainRequest(
            parse.GetValue(_model), parse.GetValue(_factors), parse.GetValue(_epochs), parse.GetValue(_batchSize),
            parse.GetValue(_learningRate), parse.GetValue(_l2), seed, parse.GetValue(_device), parse.GetValue(_threads), parse.GetValue(_options))
        {
            Objective = parse.GetValue(_implicit) ? ObjectiveKind.Ranking : parse.GetValue(_objective),
        };
        ModelTraining.Options(request); // validates before minutes of reading, not after

        // Stage the outputs first, so a missing or read-only folder, a device or FIFO as target or a too-long name
        // fails before minutes of reading and training rather than after; likewise a probe split without probe.txt.
        using var outputs = new StagedOutputs();
        string? savePath = parse.GetValue(_save), metricsPath = parse.GetValue(_metrics), plotPath = parse.GetValue(_plot);
        var saveOutput = savePath is null ? null : outputs.Stage(savePath, "--save");
        var metricsOutput = metricsPath is null ? null : outputs.Stage(metricsPath, "--metrics");
        var plotOutput = plotPath is null ? null : outputs.Stage(plotPath, "--plot");
        CheckSplitUpFront(dataPath, format, parse.GetValue(_split));

        var loadClock = Stopwatch.StartNew();
        LoadedData data = parse.GetValue(_implicit)
            ? await Task.Run(() => RankingWorkflow.LoadImplicit(dataPath, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await LoadAsync(dataPath, format, onBadLine, quiet: false, cancellationToken).ConfigureAwait(false);
        SplitResult split = await SplitAsync(data, parse.GetValue(_split), parse.GetValue(_test), format, onBadLine, seed, quiet: false, cancellationToken).ConfigureAwait(false);
        double loadSeconds = loadClock.Elapsed.TotalSeconds; // reading, the --test file and the split
        Renderer.Line($"train {ConsoleRenderer.FormatCount(split.Train.Count)} ratings, test {ConsoleRenderer.FormatCount(split.Test.Count)} ratings ({split.Description})");

        if (request.Model == ModelKind.Svdpp || parse.GetValue(_timeBiases))
        {
            var prize = new PrizeTrainOutputs(dataPath, loadSeconds, outputs, saveOutput, savePath, metricsOutput, metricsPath, plotOutput, plotPath);
            return await PrizeTraining.RunAsync(Renderer, request, parse.GetValue(_timeBiases), data, split, prize, cancellationToken).ConfigureAwait(false);
        }
        if (request.Model is ModelKind.Popularity or ModelKind.Bias)
        {
            using Models.IRecommender baseline = RankingWorkflow.FitBaseline(request.Model, split.Train);
            Renderer.Line($"done: {request.Model.ToString().ToLowerInvariant()} baseline; test {RatingMetrics.Evaluate(baseline, split.Test, cancellationToken: cancellationToken)}");
            if (saveOutput is not null) RankingWorkflow.Save(baseline, saveOutput.Stream);
            cancellationToken.ThrowIfCancellationRequested();
            outputs.Commit();
            if (savePath is not null) Renderer.Line($"model saved to {savePath}");
            return ExitCodes.Success;
        }
        TrainResult result = await TrainAsync(Renderer, request, split, cancellationToken).ConfigureAwait(false);
        using var model = result.Model;
        ErrorMetrics test = RatingMetrics.Evaluate(model, split.Test, cancellationToken: cancellationToken);
        // A ranking model's scores are not ratings: its RMSE means nothing, its ranking metrics follow.
        string testSummary = request.Objective == ObjectiveKind.Ranking ? "ranking objective" : $"test {test}";
        Renderer.Line($"done: {result.ModelName} model, {result.Factors} factors, {result.Epochs.Count} epochs in {ConsoleRenderer.FormatSeconds(result.Seconds)}; {testSummary}");
        if (request.Objective == ObjectiveKind.Ranking && split.Test.Count > 0)
        {
            var (ranked, popular) = RankingWorkflow.Evaluate(model, split.Train, split.Test, 10, RankingWorkflow.Relevance(split.Test, 4), cancellationToken);
            foreach (string line in RankingWorkflow.Describe("ranking model", ranked, popular)) Renderer.Line(line);
        }

        if (saveOutput is not null) model.Save(saveOutput.Stream);
        if (metricsOutput is not null)
        {
            var metrics = new MetricsJson(
                result.ModelName, result.Factors, dataPath, split.Description, split.Train.Count, split.Test.Count,
                Math.Round(loadSeconds, 3), Math.Round(result.Seconds, 3),
                [.. result.Epochs.Select(e => new EpochJson(e.Epoch, e.TrainRmse, e.TestRmse, Math.Round(e.Seconds, 3)))],
                test.Rmse, test.Mae, test.UnknownUsers, test.UnknownMovies);
            await CliJson.WriteAsync(metricsOutput.Stream, metrics, cancellationToken).ConfigureAwait(false);
        }
        if (plotOutput is not null)
        {
            LearningCurvePlot.Save(plotOutput.Stream, Path.GetExtension(plotPath!), result.Epochs, $"{result.ModelName} model, {result.Factors} factors: {split.Description}");
        }

        // Past this point the work is done: every output appears, or (on an exception above) none does.
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Commit();
        if (savePath is not null) Renderer.Line($"model saved to {savePath}");
        if (metricsPath is not null) Renderer.Line($"metrics written to {metricsPath}");
        if (plotPath is not null) Renderer.Line($"learning curve drawn to {plotPath}");
        return ExitCodes.Success;
    }

    /// <summary>Trains with a progress display over the epochs and one line per finished epoch (shared with the demo).</summary>
    internal static Task<TrainResult> TrainAsync(ConsoleRenderer renderer, TrainRequest request, SplitResult split, CancellationToken cancellationToken) =>
        renderer.RunWithProgressAsync(
            "training",
            null,
            sink => ModelTraining.Train(request, split, sink, report => sink.Line(FormatEpoch(report)), cancellationToken),
            cancellationToken);

    internal static string FormatEpoch(EpochPointReport report)
    {
        EpochPoint e = report.Point;
        string rate = ConsoleRenderer.FormatRate(report.RatingsPerSecond, "ratings");
        if (double.IsNaN(e.TrainRmse) && report.TrainLoss is double loss)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epoch {e.Epoch}/{report.TotalEpochs}  BPR loss {loss:F4}  {ConsoleRenderer.FormatSeconds(e.Seconds)}  {rate}");
        }
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{report.TotalEpochs}  train RMSE {e.TrainRmse:F4}  test RMSE {e.TestRmse:F4}  {ConsoleRenderer.FormatSeconds(e.Seconds)}  {rate}");
    }
}
