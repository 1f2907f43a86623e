using System.Diagnostics;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Shared;
using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>The outputs <c>train</c> staged before training, handed to <see cref="PrizeTraining"/>.</summary>
internal sealed record PrizeTrainOutputs(string DataPath, double LoadSeconds, StagedOutputs Outputs, AtomicFileWriter? Save, string? SavePath, AtomicFileWriter? Metrics, string? MetricsPath, AtomicFileWriter? Plot, string? PlotPath);

/// <summary><c>train --model svdpp</c> and <c>train --time-biases</c>: SVD++ and time-aware biases through the library's <see cref="SvdPlusPlusTrainer"/>.</summary>
internal static class PrizeTraining
{
    public const string QualifyingFileName = "qualifying.txt";

    /// <summary>The trainer options for a request: the library's tuned SVD++ defaults with only the options the user gave replaced.</summary>
    public static SvdPlusPlusOptions Options(TrainRequest request, bool timeBiases)
    {
        if (request.Model == ModelKind.Mlp) throw CliException.Usage("--time-biases works with --model dot or svdpp, not mlp.");
        if (request.Device == DeviceKind.Cuda) throw CliException.Usage("--model svdpp and --time-biases train on the CPU only; drop --device cuda.");
        var options = new SvdPlusPlusOptions { ImplicitFeedback = request.Model == ModelKind.Svdpp, TimeBiases = timeBiases };
        if (request.Model == ModelKind.Dot)
        {
            // Time biases on the dot product: the dot product's tuned settings, plus the time terms.
            var dot = new TrainerOptions();
            options = options with
            {
                EmbeddingDimension = dot.EmbeddingDimension,
                LearningRate = dot.LearningRate,
                LearningRateDecay = dot.LearningRateDecay,
                L2Regularization = dot.L2Regularization,
                BiasL2Regularization = dot.BiasL2Regularization,
                Epochs = dot.Epochs,
                InitialStandardDeviation = dot.InitialStandardDeviation,
            };
        }
        if (request.Factors is int factors) options = options with { EmbeddingDimension = factors };
        if (request.Epochs is int epochs) options = options with { Epochs = epochs };
        if (request.LearningRate is double learningRate) options = options with { LearningRate = (float)learningRate };
        if (request.L2 is double l2) options = options with { L2Regularization = (float)l2 };
        if (request.Seed is int seed) options = options with { Seed = seed };
        if (request.Threads is int threads) options = options with { Threads = threads };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw CliException.Usage(e.Message.Split('\n')[0], e);
        }
        return options;
    }

    /// <summary>The extra implicit pairs of a Netflix data folder: probe.txt and qualifying.txt beside the ratings, when present.</summary>
    public static List<(int UserId, int MovieId)> ImplicitPairs(LoadedData data, CancellationToken cancellationToken)
    {
        var pairs = new List<(int UserId, int MovieId)>();
        if (data.ProbePath is null) return pairs;
        pairs.AddRange(NetflixProbeReader.Read(data.ProbePath, cancellationToken));
        string qualifying = Path.Combine(Path.GetDirectoryName(data.ProbePath) ?? ".", QualifyingFileName);
        if (File.Exists(qualifying))
        {
            foreach (var entry in NetflixQualifyingReader.Read(qualifying, cancellationToken)) pairs.Add((entry.UserId, entry.MovieId));
        }
        return pairs;
    }

    public static async Task<int> RunAsync(ConsoleRenderer renderer, TrainRequest request, bool timeBiases, LoadedData data, SplitResult split, PrizeTrainOutputs outputs, CancellationToken cancellationToken)
    {
        var options = Options(request, timeBiases);
        if (timeBiases && !data.Ratings.HasDates) throw CliException.Usage($"--time-biases needs dated ratings; {data.Path} has none.");
        string name = (options.ImplicitFeedback ? "svdpp" : "dot") + (options.TimeBiases ? "+time" : string.Empty);
        var implicitPairs = options.ImplicitFeedback ? ImplicitPairs(data, cancellationToken) : [];
        if (implicitPairs.Count > 0) renderer.Line($"implicit feedback: {ConsoleRenderer.FormatCount(implicitPairs.Count)} extra pairs from probe/qualifying");
        var clock = Stopwatch.StartNew();
        var epochs = new List<EpochPoint>();
        SvdPlusPlusTrainingResult result = await renderer.RunWithProgressAsync(
            "training",
            null,
            sink =>
            {
                var reports = sink.For<EpochReport>((s, report) =>
                {
                    var point = new EpochPoint(report.Epoch, report.TrainRmse, report.TestRmse ?? double.NaN, report.Seconds);
                    epochs.Add(point);
                    s.Line(TrainCommandFormat(point, options.Epochs, report.RatingsPerSecond));
                    s.Report(report.Epoch, options.Epochs);
                });
                try
                {
                    return new SvdPlusPlusTrainer(options).Train(split.Train, split.Test.Count == 0 ? null : split.Test, implicitPairs, reports, cancellationToken);
                }
                catch (TrainingDivergedException e)
                {
                    throw CliException.DataError($"{e.Message} Try a smaller --learning-rate.", e);
                }
            },
            cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        using var model = result.Model;
        ErrorMetrics test = RatingMetrics.Evaluate(model, split.Test, cancellationToken: cancellationToken);
        renderer.Line($"done: {name} model, {options.EmbeddingDimension} factors, {epochs.Count} epochs in {ConsoleRenderer.FormatSeconds(seconds)}; test {test}");

        if (outputs.Save is not null) model.Save(outputs.Save.Stream);
        if (outputs.Metrics is not null)
        {
            var metrics = new MetricsJson(
                name, options.EmbeddingDimension, outputs.DataPath, split.Description, split.Train.Count, split.Test.Count,
                Math.Round(outputs.LoadSeconds, 3), Math.Round(seconds, 3),
                [.. epochs.Select(e => new EpochJson(e.Epoch, e.TrainRmse, e.TestRmse, Math.Round(e.Seconds, 3)))],
                test.Rmse, test.Mae, test.UnknownUsers, test.UnknownMovies);
            await CliJson.WriteAsync(outputs.Metrics.Stream, metrics, cancellationToken).ConfigureAwait(false);
        }
        if (outputs.Plot is not null) LearningCurvePlot.Save(outputs.Plot.Stream, Path.GetExtension(outputs.PlotPath!), epochs, $"{name} model, {options.EmbeddingDimension} factors: {split.Description}");
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Outputs.Commit();
        if (outputs.SavePath is not null) renderer.Line($"model saved to {outputs.SavePath}");
        if (outputs.MetricsPath is not null) renderer.Line($"metrics written to {outputs.MetricsPath}");
        if (outputs.PlotPath is not null) renderer.Line($"learning curve drawn to {outputs.PlotPath}");
        return ExitCodes.Success;
    }

    private static string TrainCommandFormat(EpochPoint e, int total, double ratingsPerSecond) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{total}  train RMSE {e.TrainRmse:F4}  test RMSE {e.TestRmse:F4}  {ConsoleRenderer.FormatSeconds(e.Seconds)}  {ConsoleRenderer.FormatRate(ratingsPerSecond, "ratings")}");
}
