using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Splitting;

/// <summary>Holds out a random fraction of each user's ratings, always leaving every user at least one training rating.</summary>
/// <remarks>
/// User u with n ratings gets <c>n x TestFraction</c> test ratings, rounded down or up at random so that users with few
/// ratings respect the fraction on average, and capped at n - 1; a user with a single rating keeps it for training.
/// The ratings are grouped by user with a counting sort and each user draws from its own random stream (seed, user),
/// so the result does not depend on the number of threads. Both parts keep the order of the input.
/// </remarks>
public sealed class PerUserSplitter : ITrainTestSplitter
{
    /// <summary>Creates a splitter holding out <paramref name="testFraction"/> of each user's ratings.</summary>
    /// <param name="testFraction">The fraction of each user's ratings to hold out, strictly between 0 and 1.</param>
    /// <param name="seed">The seed; the same seed gives the same split.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public PerUserSplitter(double testFraction, int seed)
    {
        SplitBuilder.ValidateFraction(testFraction, nameof(testFraction));
        TestFraction = testFraction;
        Seed = seed;
    }

    /// <summary>The fraction of each user's ratings held out for test.</summary>
    public double TestFraction { get; }

    /// <summary>The seed of the random choice.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public TrainTestSplit Split(RatingView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (offsets, elements) = SplitBuilder.GroupByUser(data);
        var labels = new byte[data.Count];
        double fraction = TestFraction;
        int seed = Seed;
        SplitBuilder.ForEachUser(offsets.Length - 1, (first, end) =>
        {
            for (int u = first; u < end; u++)
            {
                var group = elements.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
                var random = SeededRandom.ForStream(seed, 0x55534552 /* USER */, u);
                int holdOut = SplitBuilder.HoldOutCount(group.Length, fraction, ref random);
                // Partial Fisher-Yates: the first holdOut slots end up a uniform random subset.
                for (int j = 0; j < holdOut; j++)
                {
                    int k = j + random.NextInt(group.Length - j);
                    (group[j], group[k]) = (group[k], group[j]);
                    labels[group[j]] = 1;
                }
            }
        });
        return SplitBuilder.FromLabels(data, labels, 1);
    }
}
