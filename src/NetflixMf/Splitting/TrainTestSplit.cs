using NetflixMf.Data;

namespace NetflixMf.Splitting;

/// <summary>A training part and a test part of the same <see cref="RatingSet"/>, as views (position arrays), never copies.</summary>
public sealed partial class TrainTestSplit
{
    /// <summary>Pairs a training view and a test view of the same rating set.</summary>
    /// <exception cref="ArgumentException">The views refer to different rating sets.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public TrainTestSplit(RatingView train, RatingView test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (!ReferenceEquals(train.Source, test.Source)) throw new ArgumentException("The training and test views must refer to the same rating set.", nameof(test));
        Train = train;
        Test = test;
    }

    /// <summary>The ratings to train on.</summary>
    public RatingView Train { get; }

    /// <summary>The held-out ratings to evaluate on.</summary>
    public RatingView Test { get; }

    /// <summary>The rating set both views refer to.</summary>
    public RatingSet Source => Train.Source;
}
