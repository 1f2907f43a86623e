using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>Trains an <see cref="SvdPlusPlusModel"/>: SVD++ (Koren 2008), optionally with the time-aware biases of timeSVD++ (Koren 2009).</summary>
/// <remarks>Runs the fused CPU kernel; deterministic for a seed whatever the thread count.</remarks>
public sealed class SvdPlusPlusTrainer
{
    private readonly ILogger _logger;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the tuned defaults.</param>
    /// <param name="logger">Receives one line per epoch; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SvdPlusPlusTrainer(SvdPlusPlusOptions? options = null, ILogger<SvdPlusPlusTrainer>? logger = null)
    {
        Options = options ?? new SvdPlusPlusOptions();
        Options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The options the trainer uses.</summary>
    public SvdPlusPlusOptions Options { get; }

    /// <summary>Trains a model and returns it with one report per epoch.</summary>
    /// <param name="train">The ratings to train on.</param>
    /// <param name="test">Ratings to report the RMSE on after each epoch (dated when the data has dates); never trained on.</param>
    /// <param name="implicitPairs">Extra (user id, movie id) pairs known to be rated, whose ratings are unknown (for the
    /// Netflix data: the probe and qualifying pairs); they join N(u). Ids unknown to the training data are ignored.</param>
    /// <param name="progress">Receives each epoch's report.</param>
    /// <param name="cancellationToken">Checked between rounds of users.</param>
    /// <exception cref="ArgumentException">The training view is empty, or time biases were asked for without dates.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public SvdPlusPlusTrainingResult Train(RatingView train, RatingView? test = null, IEnumerable<(int UserId, int MovieId)>? implicitPairs = null, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("The training view has no ratings.", nameof(train));
        var options = Options;
        if (options.TimeBiases && !train.Source.HasDates)
        {
            throw new ArgumentException("Time biases need the date of each rating, but this rating set has none (RatingSet.HasDates is false).", nameof(train));
        }
        var source = train.Source;
        var extraUsers = new List<int>();
        var extraMovies = new List<int>();
        if (implicitPairs is not null && options.ImplicitFeedback)
        {
            foreach (var (userId, movieId) in implicitPairs)
            {
                if (source.Users.TryGetIndex(userId, out int u) && source.Movies.TryGetIndex(movieId, out int m))
                {
                    extraUsers.Add(u);
                    extraMovies.Add(m);
                }
            }
        }
        var settings = new FusedSvdPlusPlusSettings(options.EmbeddingDimension, options.L2Regularization, options.BiasL2Regularization, OptionGuard.ResolveThreads(options.Threads), options.Seed)
        {
            ImplicitFeedback = options.ImplicitFeedback,
            L2Implicit = options.ImplicitL2Regularization,
            TimeBiases = options.TimeBiases,
            TimeBins = options.TimeBins,
            L2DayBiases = options.DayBiasL2Regularization,
            L2BinBiases = options.BinBiasL2Regularization,
            InitialStandardDeviation = options.InitialStandardDeviation,
            Lanes = options.ParallelLanes,
        };
        using var runner = new FusedSvdPlusPlusEpochRunner(train, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(extraUsers), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(extraMovies), settings);
        var reports = new List<EpochReport>();
        float learningRate = options.LearningRate;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            long started = Stopwatch.GetTimestamp();
            var result = runner.RunEpoch(epoch, learningRate, cancellationToken);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (!double.IsFinite(result.SumSquaredError)) throw new TrainingDivergedException(epoch, learningRate);
            double? testRmse = null;
            if (test is not null && test.Count > 0)
            {
                var current = new SvdPlusPlusModel(runner.Export(), source.Users, source.Movies, source.Scale, options.ImplicitFeedback, options.ToString());
                testRmse = RatingMetrics.Evaluate(current, test, cancellationToken: cancellationToken).Rmse;
            }
            var report = new EpochReport(epoch, Math.Sqrt(result.SumSquaredError / Math.Max(1, result.Count)), null, testRmse, seconds, result.Count / Math.Max(seconds, 1e-9), learningRate);
            reports.Add(report);
            _logger.LogInformation("Epoch {Epoch}: train RMSE {TrainRmse:F4}, test RMSE {TestRmse:F4}, {Seconds:F1} s", epoch, report.TrainRmse, report.TestRmse, seconds);
            progress?.Report(report);
            learningRate *= options.LearningRateDecay;
        }
        var model = new SvdPlusPlusModel(runner.Export(), source.Users, source.Movies, source.Scale, options.ImplicitFeedback, options.ToString());
        return new SvdPlusPlusTrainingResult(model, reports);
    }
}
