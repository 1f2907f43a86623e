using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Training;

/// <summary>Trains a <see cref="FactorizationModel"/> (biased matrix factorization with a pluggable head) on a view of ratings.</summary>
/// <remarks>
/// Each epoch shuffles the training ratings with the seed, updates only the rows each batch touches (lazy Adam or
/// SGD; the head's own parameters use Adam), and reports train, validation and test RMSE. Deterministic on CPU for a
/// given seed and thread count. Setting the thread count and the seed is process-wide in libtorch.
/// </remarks>
public sealed class FactorizationTrainer
{
    private readonly ILogger _logger;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the tuned defaults.</param>
    /// <param name="logger">Any logger (for example an <c>ILogger&lt;FactorizationTrainer&gt;</c>): a summary of each fit at
    /// Information, each epoch at Debug, with the event ids of <see cref="EventIds"/>; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FactorizationTrainer(TrainerOptions? options = null, ILogger? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        options ??= new TrainerOptions();
        if (options.Head is { } head && head != HeadFactory.DotProduct && options == new TrainerOptions { Head = head })
        {
            // Only Head was set: the dot product's defaults (plain SGD, per-rating L2, no early stopping) do not suit
            // an autograd head, so use the autograd preset instead.
            _logger.LogInformation(
                "Head {Head} was given with the dot product's default options; training it with TrainerOptions.ForCustomHead (Adam, early stopping, head weight decay). Set any other option to keep yours.",
                head.Name);
            options = TrainerOptions.ForCustomHead(head);
        }
        Options = options;
        Options.Validate();
    }

    /// <summary>The options the trainer uses.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Trains a model and returns it with one report per epoch.</summary>
    /// <param name="train">The ratings to train on (early stopping carves its validation part out of these).</param>
    /// <param name="test">Ratings to report the RMSE on after each epoch; never trained on.</param>
    /// <param name="progress">Receives each epoch's report.</param>
    /// <param name="cancellationToken">Checked before every batch; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The training view is empty.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite, or grew far beyond the first epoch's.</exception>
    /// <exception cref="InsufficientMemoryException">The embedding tables and optimizer state would not fit in the available memory; the message says how much is needed.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available, or the head is malformed.</exception>
    /// <exception cref="NativeLoadException">TorchSharp's native backend is not referenced or fails to load; the message says which and what to do.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public TrainingResult Train(RatingView train, RatingView? test = null, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("The training view has no ratings.", nameof(train));
        cancellationToken.ThrowIfCancellationRequested();
        TorchRuntime.EnsureLoaded();
        long fitStarted = Stopwatch.GetTimestamp();
        var options = Options;
        if (options.LimitNativeHeapGrowth) NativeHeap.LimitGrowth();
        var device = ResolveDevice(options.Device);
        long required = TrainingMemory.Required(train.Source.Users.Count, train.Source.Movies.Count, options.EmbeddingDimension,
            adamMoments: options.Optimizer == OptimizerKind.Adam, snapshot: options.EarlyStopping is not null, ratings: train.Count);
        TrainingMemory.Ensure(required, TrainingMemory.Available(), train.Source.Users.Count, train.Source.Movies.Count, options.EmbeddingDimension);
        set_num_threads(OptionGuard.ResolveThreads(options.Threads));
        manual_seed(options.Seed);
        ulong seed = (ulong)(uint)options.Seed;
        var (fit, validation) = CarveValidation(train, options.EarlyStopping, seed);

        var factory = options.Head ?? HeadFactory.DotProduct;
        var source = train.Source;
        int k = options.EmbeddingDimension;
        FactorizationModel? model = null;
        FactorizationHead? head = null;
        FactorTables? cpuTables = null;
        FactorTables? deviceTables = null;
        IEpochRunner? runner = null;
        Snapshot? best = null;
        bool handedOver = false;
        try
        {
            using (no_grad())
            {
                cpuTables = new FactorTables(
                    randn(source.Users.Count, k).mul_(options.InitialStandardDeviation).DetachFromDisposeScope(),
                    randn(source.Movies.Count, k).mul_(options.InitialStandardDeviation).DetachFromDisposeScope(),
                    zeros(source.Users.Count).DetachFromDisposeScope(),
                    zeros(source.Movies.Count).DetachFromDisposeScope(),
                    (float)(options.PretrainWithDotProduct ? train : fit).Mean());
            }
            head = factory.CreateHead(new HeadContext(k) { UserCount = source.Users.Count, MovieCount = source.Movies.Count });
            model = new FactorizationModel(cpuTables, head, factory.Name, source.Users, source.Movies, source.Scale, options.ToJson());
            bool pretrained = options.PretrainWithDotProduct && factory != HeadFactory.DotProduct && options.Objective == TrainingObjective.Rating;
            // A head that starts as the pretrained dot product makes that start epoch 0 of early stopping.
            bool startsAsDotProduct = pretrained && PretrainWithDotProduct(fit, cpuTables, head, options, cancellationToken);
            if (device.type != DeviceType.CPU)
            {
                head.to(device);
                deviceTables = new FactorTables(cpuTables.UserFactors.to(device), cpuTables.MovieFactors.to(device),
                    cpuTables.UserBiases.to(device), cpuTables.MovieBiases.to(device), cpuTables.GlobalMean);
            }
            if (options.AdaptToSparseUsers && factory == HeadFactory.DotProduct && options.Optimizer == OptimizerKind.Sgd && options.Objective == TrainingObjective.Rating)
            {
                var (adaptedRate, adaptedDecay, adaptedL2, sparsity) = SparseUserSchedule.For(fit, options);
                if (sparsity > 1)
                {
                    _logger.LogDebug(
                        "Sparse users, dense movies (s = {Sparsity:F2}): training with learning rate {LearningRate:G3} decaying by {Decay:G3} and L2 {L2:G3} (AdaptToSparseUsers)",
                        sparsity, adaptedRate, adaptedDecay, adaptedL2);
                    options = options with { LearningRate = adaptedRate, LearningRateDecay = adaptedDecay, L2Regularization = adaptedL2 };
                }
            }
            runner = CreateRunner(fit, deviceTables ?? cpuTables, head, device, options, seed, DivergenceBatchMse(source.Scale));
            TrainerLog.TrainingStarted(_logger, factory.Name, options.Optimizer, options.Device, fit.Count, source.Users.Count, source.Movies.Count, k,
                options.Epochs, OptionGuard.ResolveThreads(options.Threads));

            var reports = new List<EpochReport>();
            double bestValidation = double.PositiveInfinity;
            int bestEpoch = 0;
            bool stoppedEarly = false;
            if (startsAsDotProduct && validation is not null)
            {
                // Epoch 0 is the pretrained start: fine-tuning keeps it unless an epoch beats it on validation.
                head.eval();
                bestValidation = RatingMetrics.Evaluate(model, validation, cancellationToken: cancellationToken).Rmse;
                (best ??= new Snapshot(cpuTables, head)).Capture(cpuTables, head);
            }
            float learningRate = options.LearningRate;
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                head.train();
                long started = Stopwatch.GetTimestamp();
                var result = runner.RunEpoch(epoch, learningRate, cancellationToken);
                double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (!double.IsFinite(result.SumSquaredError)) throw new TrainingDivergedException(epoch, learningRate);
                double trainRmse = Math.Sqrt(result.SumSquaredError / Math.Max(1, result.Count));
                if (reports.Count > 0 && trainRmse > DivergenceGrowth * reports[0].TrainRmse)
                {
                    throw new TrainingDivergedException(epoch, learningRate,
                        $"the training RMSE grew from {reports[0].TrainRmse:G4} in epoch 1 to {trainRmse:G4}");
                }
                if (deviceTables is not null) CopyTables(deviceTables, cpuTables);
                head.eval();
                bool ranking = options.Objective == TrainingObjective.Ranking;
                double? validationRmse = validation is null ? null : RatingMetrics.Evaluate(model, validation, cancellationToken: cancellationToken).Rmse;
                // A ranking model's scores are not ratings: its RMSE means nothing, so none is reported.
                double? testRmse = ranking || test is null || test.Count == 0 ? null : RatingMetrics.Evaluate(model, test, cancellationToken: cancellationToken).Rmse;
                double meanError = result.SumSquaredError / Math.Max(1, result.Count);
                var report = new EpochReport(epoch, ranking ? double.NaN : Math.Sqrt(meanError), validationRmse, testRmse,
                    seconds, result.Count / Math.Max(seconds, 1e-9), learningRate)
                {
                    TrainLoss = ranking ? meanError : null,
                };
                reports.Add(report);
                Log(report);
                progress?.Report(report);

                if (validationRmse is double v)
                {
                    if (v < bestValidation)
                    {
                        bestValidation = v;
                        bestEpoch = epoch;
                        if (epoch < options.Epochs) (best ??= new Snapshot(cpuTables, head)).Capture(cpuTables, head);
                    }
                    else if (epoch - bestEpoch >= options.EarlyStopping!.Patience)
                    {
                        TrainerLog.StoppedEarly(_logger, epoch, bestValidation, bestEpoch, options.EarlyStopping.Patience);
                        stoppedEarly = true;
                        break;
                    }
                }
                else
                {
                    bestEpoch = epoch;
                }
                learningRate *= options.LearningRateDecay;
            }
            if (startsAsDotProduct && validation is not null && bestEpoch == 0)
            {
                // No fine-tuning epoch beat the pretrained start on validation: the model is the dot product, so train
                // it on every training rating (the carve-out only served to decide) rather than keep the one trained without them.
                _logger.LogInformation("Fine-tuning did not beat the pretrained dot product on validation; retraining it on all {Count} training ratings", train.Count);
                PretrainWithDotProduct(train, cpuTables, head, options, cancellationToken);
            }
            else if (best is not null && bestEpoch != reports[^1].Epoch) best.Restore(cpuTables, head);
            if (device.type != DeviceType.CPU) head.to(CPU);
            head.eval();
            handedOver = true;
            LogSummary(factory.Name, Stopwatch.GetElapsedTime(fitStarted).TotalSeconds, reports, bestEpoch);
            return new TrainingResult(model, reports, bestEpoch, stoppedEarly);
        }
        finally
        {
            runner?.Dispose();
            best?.Dispose();
            deviceTables?.Dispose();
            if (!handedOver)
            {
                // The model owns the tables and the head once it exists; before that they are ours to free.
                if (model is not null) model.Dispose();
                else
                {
                    cpuTables?.Dispose();
                    head?.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Trains the dot product with its defaults (the fused kernel) on the same ratings, copies its embeddings and biases
    /// into <paramref name="tables"/> and lets the head start as the dot product (He et al. 2017 pretrain NeuMF's GMF
    /// branch the same way).
    /// </summary>
    /// <returns>Whether the head now scores exactly as the dot product.</returns>
    private bool PretrainWithDotProduct(RatingView fit, FactorTables tables, FactorizationHead head, TrainerOptions options, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var dotOptions = new TrainerOptions
        {
            EmbeddingDimension = options.EmbeddingDimension,
            Seed = options.Seed,
            Threads = options.Threads,
            LimitNativeHeapGrowth = options.LimitNativeHeapGrowth,
        };
        using (var dot = new FactorizationTrainer(dotOptions, NullLogger.Instance).Train(fit, cancellationToken: cancellationToken).Model)
        {
            CopyTables(dot.Tables, tables);
            // The dot product's mean is that of the ratings it was trained on; shifting the user biases by the
            // difference keeps its predictions exactly.
            using var noGrad = no_grad();
            tables.UserBiases.add_(dot.Tables.GlobalMean - tables.GlobalMean);
        }
        bool exact = head.StartAsDotProduct();
        // The nested fit set the seed; set it again so the fine-tuning is the same whatever the pretraining did.
        set_num_threads(OptionGuard.ResolveThreads(options.Threads));
        manual_seed(options.Seed);
        _logger.LogInformation("Pretrained the embeddings and biases with the dot product's defaults in {Seconds:F1} s; the head {Starts}",
            Stopwatch.GetElapsedTime(started).TotalSeconds, exact ? "starts as the dot product" : "keeps its own initialization");
        return exact;
    }

    private IEpochRunner CreateRunner(RatingView fit, FactorTables tables, FactorizationHead head, Device device, TrainerOptions options, ulong seed, double divergenceBatchMse)
    {
        // The built-in dot product with SGD on CPU runs the fused, cache-blocked kernel straight on the tables' memory;
        // every other head, optimizer and device trains through autograd.
        if (options.Objective == TrainingObjective.Ranking) return CreateRankingRunner(fit, tables, options, seed);
        if (head is DotProductHead && device.type == DeviceType.CPU && options.Optimizer == OptimizerKind.Sgd)
        {
            _logger.LogDebug("Training the dot product with the fused CPU kernel on {Threads} threads", OptionGuard.ResolveThreads(options.Threads));
            return new FusedDotProductEpochRunner(fit, tables,
                new FusedDotProductSettings(options.L2Regularization, options.BiasL2Regularization, OptionGuard.ResolveThreads(options.Threads), seed));
        }
        _logger.LogDebug("Training head {Head} through autograd on {Device}", head.GetType().Name, device);
        return new AutogradEpochRunner(fit, tables, head,
            new AutogradSettings(options.BatchSize, options.Optimizer, options.L2Regularization, options.BiasL2Regularization, seed)
            {
                L2RatingCountExponent = options.L2RatingCountExponent,
                HeadWeightDecay = options.HeadWeightDecay,
                DivergenceBatchMse = divergenceBatchMse,
            }, device);
    }

    /// <summary>Training has diverged when an epoch's train RMSE exceeds the first epoch's by this factor.</summary>
    private const double DivergenceGrowth = 10;

    /// <summary>A batch mean squared error no model on the scale reaches unless it diverged: (100 x the scale's range)^2.</summary>
    private static double DivergenceBatchMse(RatingScale scale)
    {
        double range = Math.Max(1, scale.Maximum - scale.Minimum);
        return 100 * range * 100 * range;
    }

    private IEpochRunner CreateRankingRunner(RatingView fit, FactorTables tables, TrainerOptions options, ulong seed)
    {
        int threads = OptionGuard.ResolveThreads(options.Threads);
        _logger.LogDebug("Training the dot product for ranking (BPR) with the fused CPU kernel on {Threads} threads", threads);
        return new FusedBprEpochRunner(fit, tables, new FusedBprSettings(options.L2Regularization, options.BiasL2Regularization, threads, seed)
        {
            PositiveThreshold = options.Ranking.PositiveThreshold,
            NegativeSamples = options.Ranking.NegativeSamples,
        });
    }

    private void Log(EpochReport report) => TrainerLog.Epoch(_logger, report, Options.Epochs);

    private void LogSummary(string head, double seconds, List<EpochReport> reports, int bestEpoch)
    {
        // The summary reports the epoch whose weights the model holds.
        var best = reports.Find(r => r.Epoch == bestEpoch) ?? reports[^1];
        if (best.TestRmse is double test) TrainerLog.CompletedWithTest(_logger, head, seconds, reports.Count, bestEpoch, best.TrainRmse, test);
        else TrainerLog.Completed(_logger, head, seconds, reports.Count, bestEpoch, best.TrainRmse);
    }

    private static Device ResolveDevice(string name)
    {
        if (name == "cpu") return CPU;
        if (!cuda.is_available())
        {
            throw new InvalidOperationException(
                $"TrainerOptions.Device is \"{name}\" but CUDA is not available: reference a TorchSharp-cuda-* backend package and install a CUDA driver, or train on \"cpu\".");
        }
        return device(name);
    }

    private static (RatingView Fit, RatingView? Validation) CarveValidation(RatingView train, EarlyStoppingOptions? earlyStopping, ulong seed)
    {
        if (earlyStopping is null) return (train, null);
        int[] positions = train.IsAll ? [.. Enumerable.Range(0, train.Count)] : train.Positions.ToArray();
        SeededRandom.For(seed, ulong.MaxValue).Shuffle(positions);
        int validationCount = (int)Math.Round(positions.Length * earlyStopping.ValidationFraction);
        if (validationCount < 1 || validationCount >= positions.Length)
        {
            throw new ArgumentException($"EarlyStopping.ValidationFraction {earlyStopping.ValidationFraction} leaves no validation or no training ratings out of {positions.Length}.", nameof(train));
        }
        int[] fit = positions[..^validationCount];
        int[] validation = positions[^validationCount..];
        // Sorted positions keep reads of the rating columns sequential.
        Array.Sort(fit);
        Array.Sort(validation);
        return (new RatingView(train.Source, fit), new RatingView(train.Source, validation));
    }

    private static void CopyTables(FactorTables from, FactorTables to)
    {
        using var noGrad = no_grad();
        to.UserFactors.copy_(from.UserFactors);
        to.MovieFactors.copy_(from.MovieFactors);
        to.UserBiases.copy_(from.UserBiases);
        to.MovieBiases.copy_(from.MovieBiases);
    }

    /// <summary>A copy of the best epoch's weights, written in place each time validation improves (no reallocation).</summary>
    private sealed class Snapshot : IDisposable
    {
        private readonly FactorTables _tables;
        private readonly Dictionary<string, Tensor> _head;

        public Snapshot(FactorTables tables, FactorizationHead head)
        {
            _tables = new FactorTables(tables.UserFactors.clone().DetachFromDisposeScope(), tables.MovieFactors.clone().DetachFromDisposeScope(),
                tables.UserBiases.clone().DetachFromDisposeScope(), tables.MovieBiases.clone().DetachFromDisposeScope(), tables.GlobalMean);
            _head = head.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone().DetachFromDisposeScope());
        }

        public void Capture(FactorTables tables, FactorizationHead head)
        {
            CopyTables(tables, _tables);
            using var noGrad = no_grad();
            foreach (var (name, tensor) in head.state_dict()) _head[name].copy_(tensor);
        }

        public void Restore(FactorTables tables, FactorizationHead head)
        {
            CopyTables(_tables, tables);
            using var noGrad = no_grad();
            foreach (var (name, tensor) in head.state_dict()) tensor.copy_(_head[name]);
        }

        public void Dispose()
        {
            _tables.Dispose();
            foreach (var tensor in _head.Values) tensor.Dispose();
        }
    }
}
