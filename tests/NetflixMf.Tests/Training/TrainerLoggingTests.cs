using Microsoft.Extensions.Logging;
using NetflixMf.Data;
using NetflixMf.Shared;
using NetflixMf.Tests.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerLoggingTests
{
    private static readonly SyntheticRatings Data = SyntheticRatings.Create(users: 60, movies: 40, ratings: 1200);

    [Fact]
    public void Train_AnyLogger_EpochsAtDebugAndOneSummaryAtInformation()
    {
        var logger = new RecordingLogger();
        new FactorizationTrainer(new TrainerOptions { Epochs = 3, EmbeddingDimension = 4, Threads = 1 }, logger).Train(Data.Train, Data.Test).Model.Dispose();

        var epochs = logger.Entries.Where(e => e.Id == EventIds.EpochCompleted).ToList();
        epochs.Should().HaveCount(3).And.OnlyContain(e => e.Level == LogLevel.Debug);
        epochs[0].Message.Should().StartWith("Epoch 1/3: train RMSE").And.Contain("test RMSE").And.NotContain("validation");
        var summary = logger.Entries.Where(e => e.Level >= LogLevel.Information).Should().ContainSingle().Subject;
        summary.Id.Should().Be(EventIds.TrainingCompleted);
        summary.Message.Should().Match("Trained head dot in * s: 3 epochs, best epoch 3, train RMSE *, test RMSE *");
        logger.Entries.Should().NotContain(e => e.Message.Contains("(null)") || e.Message.Contains("Fused") || e.Message.Contains("DataKind"));
    }

    [Fact]
    public void Train_EarlyStoppingWithoutTest_LogsValidationOnly()
    {
        var logger = new RecordingLogger();
        var options = new TrainerOptions { Epochs = 2, EmbeddingDimension = 4, Threads = 1, EarlyStopping = new EarlyStoppingOptions() };
        new FactorizationTrainer(options, logger).Train(Data.Train).Model.Dispose();

        var epoch = logger.Entries.First(e => e.Id == EventIds.EpochCompleted);
        epoch.Message.Should().Contain("validation RMSE").And.NotContain("test RMSE");
        logger.Entries.Single(e => e.Id == EventIds.TrainingCompleted).Message.Should().NotContain("test RMSE");
    }

    [Fact]
    public void Load_LogsTheReportWithThePublicFormatName()
    {
        using var folder = new TempFolder();
        string file = folder.Write("u.data", "1\t2\t3\t881250949\n");
        var logger = new RecordingLogger();
        RatingDataLoader.Load(file, logger: logger);
        logger.Entries.Single(e => e.Level == LogLevel.Information).Id.Should().Be(EventIds.LoadCompleted);
        logger.Entries.Single(e => e.Id == EventIds.LoadStarted).Message.Should().Contain("MovieLens file(s)");
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
