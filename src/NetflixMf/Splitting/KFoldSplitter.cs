using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Splitting;

/// <summary>Splits ratings into k folds of (nearly) equal size for cross-validation: split i tests on fold i and trains
/// on the other k - 1, so every rating is tested exactly once.</summary>
/// <remarks>
/// Fold sizes differ by at most one: rating i of a shuffled order goes to fold i mod k (the shuffle is a seeded
/// Fisher-Yates over one byte per rating). Each returned split holds its own position arrays, so k folds of n ratings
/// take k x n x 4 bytes: 2 GB for 5 folds of the full Netflix data.
/// </remarks>
public sealed class KFoldSplitter
{
    /// <summary>The largest number of folds (labels are stored in one byte per rating).</summary>
    public const int MaxFolds = 255;

    /// <summary>Creates a k-fold splitter.</summary>
    /// <param name="folds">The number of folds k, from 2 to <see cref="MaxFolds"/>.</param>
    /// <param name="seed">The seed; the same seed gives the same folds.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is outside 2..255.</exception>
    public KFoldSplitter(int folds, int seed)
    {
        if (folds is < 2 or > MaxFolds) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"The number of folds must lie between 2 and {MaxFolds}.");
        Folds = folds;
        Seed = seed;
    }

    /// <summary>The number of folds k.</summary>
    public int Folds { get; }

    /// <summary>The seed of the shuffle.</summary>
    public int Seed { get; }

    /// <summary>Returns the k splits; split i tests on fold i.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> has fewer ratings than folds.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IReadOnlyList<TrainTestSplit> Split(RatingView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        if (n < Folds) throw new ArgumentException($"Cannot make {Folds} folds of {n} ratings: every fold needs at least one rating.", nameof(data));
        var labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte)(i % Folds);
        var random = SeededRandom.ForStream(Seed, 0x4B464F4C /* KFOL */, 0);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (labels[i], labels[j]) = (labels[j], labels[i]);
        }
        var splits = new TrainTestSplit[Folds];
        for (int f = 0; f < Folds; f++) splits[f] = SplitBuilder.FromLabels(data, labels, (byte)f);
        return splits;
    }
}
