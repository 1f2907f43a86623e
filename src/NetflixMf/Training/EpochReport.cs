namespace NetflixMf.Training;

/// <summary>What one training epoch achieved.</summary>
/// <param name="Epoch">The 1-based epoch number.</param>
/// <param name="TrainRmse">The RMSE over the epoch's training ratings, each measured just before its own update.</param>
/// <param name="ValidationRmse">The RMSE on the early-stopping validation ratings after the epoch, when early stopping is on.</param>
/// <param name="TestRmse">The RMSE on the test ratings after the epoch, when a test view was given.</param>
/// <param name="Seconds">The wall-clock time of the training pass (without evaluation).</param>
/// <param name="RatingsPerSecond">Training ratings processed per second.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
public sealed record EpochReport(int Epoch, double TrainRmse, double? ValidationRmse, double? TestRmse, double Seconds, double RatingsPerSecond, float LearningRate)
{
    /// <summary>The mean training loss of the epoch when it is not a squared error: the BPR loss −ln σ(x_ui − x_uj) of the ranking objective (then <see cref="TrainRmse"/> is NaN); otherwise <see langword="null"/>.</summary>
    public double? TrainLoss { get; init; }
}
