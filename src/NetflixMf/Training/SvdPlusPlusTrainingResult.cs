using NetflixMf.Models;

namespace NetflixMf.Training;

/// <summary>What <see cref="SvdPlusPlusTrainer.Train"/> returns: the model and one report per epoch.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="Reports">One report per epoch.</param>
public sealed record SvdPlusPlusTrainingResult(SvdPlusPlusModel Model, IReadOnlyList<EpochReport> Reports);
