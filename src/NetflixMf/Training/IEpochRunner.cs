namespace NetflixMf.Training;

/// <summary>One way of running training epochs over a fixed training view: the fused CPU dot-product path or the autograd path.</summary>
internal interface IEpochRunner : IDisposable
{
    /// <summary>Runs one pass over the training ratings, updating the model parameters in place.</summary>
    /// <param name="epoch">The 1-based epoch number (seeds the shuffle of this epoch).</param>
    /// <param name="learningRate">The learning rate for this epoch (the trainer owns the schedule).</param>
    /// <param name="cancellationToken">Checked at least once per batch / block.</param>
    EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken);
}

/// <summary>What an epoch measured while it trained.</summary>
/// <param name="SumSquaredError">Sum over the ratings seen of (prediction - rating)^2, each taken before that rating's update.</param>
/// <param name="Count">How many ratings were seen.</param>
internal readonly record struct EpochRunResult(double SumSquaredError, long Count);
