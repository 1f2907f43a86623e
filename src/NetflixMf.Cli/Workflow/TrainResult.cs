using NetflixMf.Cli.Output;
using NetflixMf.Models;

namespace NetflixMf.Cli.Workflow;

/// <summary>A trained model, its per-epoch results and the figures the summary and --metrics report.</summary>
internal sealed record TrainResult(FactorizationModel Model, string ModelName, int Factors, IReadOnlyList<EpochPoint> Epochs, double Seconds);
