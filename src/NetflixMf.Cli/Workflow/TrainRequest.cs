namespace NetflixMf.Cli.Workflow;

/// <summary>What train asks of the trainer; null means "the library's default" (or the --options file's value).</summary>
internal sealed record TrainRequest(
    ModelKind Model,
    int? Factors,
    int? Epochs,
    int? BatchSize,
    double? LearningRate,
    double? L2,
    int? Seed,
    DeviceKind? Device,
    int? Threads,
    string? OptionsFile = null)
{
    /// <summary>The objective to train for (null: rating, the library's default).</summary>
    public ObjectiveKind? Objective { get; init; }
}
