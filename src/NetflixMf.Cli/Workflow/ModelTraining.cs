using System.Diagnostics;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Models;
using NetflixMf.Shared;
using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's trainer and model files.</summary>
internal static class ModelTraining
{
    /// <summary>
    /// The trainer options for a request: the library's tuned defaults for the chosen head, with only the options the
    /// user gave replaced.
    /// </summary>
    public static TrainerOptions Options(TrainRequest request)
    {
        TrainerOptions options = request.OptionsFile is string file ? TrainerOptionsFile.Read(file)
            : request.Model switch
            {
                ModelKind.Mlp => TrainerOptions.ForMlpHead(),
                ModelKind.NeuMf => TrainerOptions.ForNeuMfHead(),
                _ => request.Objective == ObjectiveKind.Ranking ? TrainerOptions.ForRanking() : new TrainerOptions(),
            };
        if (request.Factors is int factors) options = options with { EmbeddingDimension = factors };
        if (request.Epochs is int epochs) options = options with { Epochs = epochs };
        if (request.BatchSize is int batchSize) options = options with { BatchSize = batchSize };
        if (request.LearningRate is double learningRate) options = options with { LearningRate = (float)learningRate };
        if (request.L2 is double l2) options = options with { L2Regularization = (float)l2 };
        if (request.Seed is int seed) options = options with { Seed = seed };
        if (request.Device is DeviceKind device) options = options with { Device = device == DeviceKind.Cuda ? "cuda" : "cpu" };
        if (request.Threads is int threads) options = options with { Threads = threads };
        try
        {
            options.Validate();
        }
        catch (OptionOutOfRangeException e)
        {
            // The library names its option and range in properties; the user typed a flag.
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"{FlagOf(e.ParamName)}must be in {e.Range} (was {e.ActualValue})."), e);
        }
        if (options.Device.StartsWith("cuda", StringComparison.Ordinal) && !TorchSharp.torch.cuda.is_available())
        {
            throw CliException.DataError("--device cuda: CUDA is not available here (no CUDA backend package or driver); train with --device cpu.");
        }
        return options;
    }

    private static string FlagOf(string? option) => option switch
    {
        nameof(TrainerOptions.EmbeddingDimension) => "--embedding-dimension: ",
        nameof(TrainerOptions.Epochs) => "--epochs: ",
        nameof(TrainerOptions.BatchSize) => "--batch-size: ",
        nameof(TrainerOptions.LearningRate) => "--learning-rate: ",
        nameof(TrainerOptions.L2Regularization) => "--l2: ",
        nameof(TrainerOptions.Seed) => "--seed: ",
        nameof(TrainerOptions.Device) => "--device: ",
        nameof(TrainerOptions.Threads) => "--threads: ",
        nameof(TrainerOptions.Head) or nameof(TrainerOptions.Optimizer) or nameof(TrainerOptions.EarlyStopping) => "--objective ranking: ",
        _ => $"{option}: ",
    };

    /// <summary>Trains a model on <paramref name="split"/>, reporting each epoch through <paramref name="onEpoch"/>.</summary>
    public static TrainResult Train(TrainRequest request, SplitResult split, ProgressSink progress, Action<EpochPointReport> onEpoch, CancellationToken cancellationToken)
    {
        TrainerOptions options = Options(request);
        if (split.Train.Count == 0)
        {
            throw CliException.DataError($"the split {split.Description} leaves no training ratings; use a smaller test fraction or more data.");
        }
        var trainer = new FactorizationTrainer(options);
        var clock = Stopwatch.StartNew();
        var epochs = new List<EpochPoint>();
        var reports = progress.For<EpochReport>((sink, report) =>
        {
            var point = new EpochPoint(report.Epoch, report.TrainRmse, report.TestRmse ?? double.NaN, report.Seconds);
            epochs.Add(point);
            onEpoch(new EpochPointReport(point, options.Epochs, report.RatingsPerSecond) { TrainLoss = report.TrainLoss });
            sink.Report(report.Epoch, options.Epochs);
        });
        TrainingResult result;
        try
        {
            result = trainer.Train(split.Train, split.Test.Count == 0 ? null : split.Test, reports, cancellationToken);
        }
        catch (TrainingDivergedException e)
        {
            throw CliException.DataError($"{e.Message} Try a smaller --learning-rate.", e);
        }
        return new TrainResult(result.Model, result.Model.HeadName, options.EmbeddingDimension, epochs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Loads a model saved by train --save, of any kind (factorization model or baseline).</summary>
    public static IRecommender LoadModel(string path)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such model file.");
        return RecommenderFile.Load(path);
    }
}

/// <summary>One finished epoch, with the epoch count and training speed so the caller can print "epoch 3/20 ... 2.4M ratings/s".</summary>
internal sealed record EpochPointReport(EpochPoint Point, int TotalEpochs, double RatingsPerSecond)
{
    /// <summary>The epoch's mean BPR loss under the ranking objective (its train RMSE is then NaN).</summary>
    public double? TrainLoss { get; init; }
}
