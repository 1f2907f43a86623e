namespace NetflixMf.Training;

/// <summary>Training diverged: the loss became NaN or infinite, or grew far beyond the first epoch's.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the epoch in which the loss diverged.</summary>
    public TrainingDivergedException(int epoch, float learningRate)
        : base($"Training diverged in epoch {epoch}: the loss became NaN or infinite at learning rate {learningRate}. " +
               "The learning rate is most likely too high; lower TrainerOptions.LearningRate (or raise the L2 regularization).")
    {
        Epoch = epoch;
        LearningRate = learningRate;
    }

    /// <summary>Creates the exception for the epoch in which the loss exploded, saying how.</summary>
    /// <param name="epoch">The 1-based epoch.</param>
    /// <param name="learningRate">The learning rate of that epoch.</param>
    /// <param name="reason">What was observed, e.g. "the training RMSE grew from 0.9 to 4e5".</param>
    public TrainingDivergedException(int epoch, float learningRate, string reason)
        : base($"Training diverged in epoch {epoch}: {reason} at learning rate {learningRate}. " +
               "The learning rate is most likely too high; lower TrainerOptions.LearningRate (or raise the L2 regularization).")
    {
        Epoch = epoch;
        LearningRate = learningRate;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>The 1-based epoch in which the loss diverged.</summary>
    public int Epoch { get; }

    /// <summary>The learning rate of that epoch.</summary>
    public float LearningRate { get; }
}
