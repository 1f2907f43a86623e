namespace NetflixMf.Training;

/// <summary>Stops training when the RMSE on a validation part of the training ratings stops improving, and keeps the best epoch.</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>The fraction of the training ratings held out (seeded, at random) to validate on; the rest is trained on.</summary>
    /// <value>0.05.</value>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>How many epochs without a better validation RMSE to wait before stopping.</summary>
    /// <value>2.</value>
    public int Patience { get; init; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(ValidationFraction > 0 && ValidationFraction <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "EarlyStoppingOptions.ValidationFraction must be in (0, 0.5].");
        }
        if (Patience is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "EarlyStoppingOptions.Patience must be in 1..1000.");
        }
    }
}
