namespace NetflixMf.Training;

/// <summary>Training produced a NaN or infinite loss.</summary>
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
