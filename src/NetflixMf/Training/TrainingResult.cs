using NetflixMf.Models;

namespace NetflixMf.Training;

/// <summary>The trained model and the history of its training.</summary>
/// <param name="Model">The trained model (with the best epoch's weights when early stopping is on); the caller disposes it.</param>
/// <param name="Reports">One report per epoch run, in order.</param>
/// <param name="BestEpoch">The epoch whose weights the model holds; 0 when it is the pretrained dot product (<see cref="TrainerOptions.PretrainWithDotProduct"/>).</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
public sealed record TrainingResult(FactorizationModel Model, IReadOnlyList<EpochReport> Reports, int BestEpoch, bool StoppedEarly);
