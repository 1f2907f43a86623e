using Microsoft.Extensions.Logging;

namespace NetflixMf.Training;

// One event, several texts: an epoch or a fit logs only the RMSE values it has, so the variants share their event
// id and name on purpose.
#pragma warning disable SYSLIB1025

/// <summary>The trainer's log messages (source-generated, so disabled levels cost nothing); ids from <see cref="Shared.EventIds"/>.</summary>
internal static partial class TrainerLog
{
    [LoggerMessage(EventId = 2000, EventName = "TrainingStarted", Level = LogLevel.Debug,
        Message = "Training head {Head} with {Optimizer} on {Device}: {Ratings:N0} ratings, {Users:N0} users, {Movies:N0} movies, EmbeddingDimension {EmbeddingDimension}, up to {Epochs} epochs, {Threads} thread(s)")]
    public static partial void TrainingStarted(ILogger logger, string head, OptimizerKind optimizer, string device, int ratings, int users, int movies, int embeddingDimension, int epochs, int threads);

    [LoggerMessage(EventId = 2001, EventName = "EpochCompleted", Level = LogLevel.Debug,
        Message = "Epoch {Epoch}/{Epochs}: train RMSE {TrainRmse:F4}, {Seconds:F1} s, {RatingsPerSecond:N0} ratings/s, learning rate {LearningRate:G4}")]
    public static partial void Epoch(ILogger logger, int epoch, int epochs, double trainRmse, double seconds, double ratingsPerSecond, float learningRate);

    [LoggerMessage(EventId = 2001, EventName = "EpochCompleted", Level = LogLevel.Debug,
        Message = "Epoch {Epoch}/{Epochs}: train RMSE {TrainRmse:F4}, test RMSE {TestRmse:F4}, {Seconds:F1} s, {RatingsPerSecond:N0} ratings/s, learning rate {LearningRate:G4}")]
    public static partial void EpochWithTest(ILogger logger, int epoch, int epochs, double trainRmse, double testRmse, double seconds, double ratingsPerSecond, float learningRate);

    [LoggerMessage(EventId = 2001, EventName = "EpochCompleted", Level = LogLevel.Debug,
        Message = "Epoch {Epoch}/{Epochs}: train RMSE {TrainRmse:F4}, validation RMSE {ValidationRmse:F4}, {Seconds:F1} s, {RatingsPerSecond:N0} ratings/s, learning rate {LearningRate:G4}")]
    public static partial void EpochWithValidation(ILogger logger, int epoch, int epochs, double trainRmse, double validationRmse, double seconds, double ratingsPerSecond, float learningRate);

    [LoggerMessage(EventId = 2001, EventName = "EpochCompleted", Level = LogLevel.Debug,
        Message = "Epoch {Epoch}/{Epochs}: train RMSE {TrainRmse:F4}, validation RMSE {ValidationRmse:F4}, test RMSE {TestRmse:F4}, {Seconds:F1} s, {RatingsPerSecond:N0} ratings/s, learning rate {LearningRate:G4}")]
    public static partial void EpochWithValidationAndTest(ILogger logger, int epoch, int epochs, double trainRmse, double validationRmse, double testRmse, double seconds, double ratingsPerSecond, float learningRate);

    [LoggerMessage(EventId = 2002, EventName = "TrainingCompleted", Level = LogLevel.Information,
        Message = "Trained head {Head} in {Seconds:F1} s: {EpochsRun} epochs, best epoch {BestEpoch}, train RMSE {TrainRmse:F4}")]
    public static partial void Completed(ILogger logger, string head, double seconds, int epochsRun, int bestEpoch, double trainRmse);

    [LoggerMessage(EventId = 2002, EventName = "TrainingCompleted", Level = LogLevel.Information,
        Message = "Trained head {Head} in {Seconds:F1} s: {EpochsRun} epochs, best epoch {BestEpoch}, train RMSE {TrainRmse:F4}, test RMSE {TestRmse:F4}")]
    public static partial void CompletedWithTest(ILogger logger, string head, double seconds, int epochsRun, int bestEpoch, double trainRmse, double testRmse);

    [LoggerMessage(EventId = 2003, EventName = "StoppedEarly", Level = LogLevel.Information,
        Message = "Early stopping after epoch {Epoch}: validation RMSE {BestValidationRmse:F4} at epoch {BestEpoch} did not improve for {Patience} epochs")]
    public static partial void StoppedEarly(ILogger logger, int epoch, double bestValidationRmse, int bestEpoch, int patience);

    /// <summary>Logs an epoch with only the RMSE values it has (never "(null)").</summary>
    public static void Epoch(ILogger logger, EpochReport report, int epochs)
    {
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        switch (report)
        {
            case { ValidationRmse: double v, TestRmse: double t }:
                EpochWithValidationAndTest(logger, report.Epoch, epochs, report.TrainRmse, v, t, report.Seconds, report.RatingsPerSecond, report.LearningRate);
                break;
            case { ValidationRmse: double v }:
                EpochWithValidation(logger, report.Epoch, epochs, report.TrainRmse, v, report.Seconds, report.RatingsPerSecond, report.LearningRate);
                break;
            case { TestRmse: double t }:
                EpochWithTest(logger, report.Epoch, epochs, report.TrainRmse, t, report.Seconds, report.RatingsPerSecond, report.LearningRate);
                break;
            default:
                Epoch(logger, report.Epoch, epochs, report.TrainRmse, report.Seconds, report.RatingsPerSecond, report.LearningRate);
                break;
        }
    }
}
