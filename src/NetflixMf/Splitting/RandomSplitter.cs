using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Splitting;

/// <summary>Holds out a uniformly random fraction of all ratings.</summary>
/// <remarks>
/// Exactly <c>round(Count x TestFraction)</c> ratings go to test, chosen by selection sampling (Knuth's Algorithm S):
/// one sequential pass, one random number per rating, and both parts keep the order of the input (which keeps reads
/// during training cache friendly; trainers shuffle anyway). 100M ratings split in well under a second.
/// Users or movies whose every rating lands in test are possible; use <see cref="PerUserSplitter"/> to avoid that.
/// </remarks>
public sealed class RandomSplitter : ITrainTestSplitter
{
    /// <summary>Creates a splitter holding out <paramref name="testFraction"/> of the ratings.</summary>
    /// <param name="testFraction">The fraction of ratings to hold out, strictly between 0 and 1.</param>
    /// <param name="seed">The seed; the same seed gives the same split.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public RandomSplitter(double testFraction, int seed)
    {
        SplitBuilder.ValidateFraction(testFraction, nameof(testFraction));
        TestFraction = testFraction;
        Seed = seed;
    }

    /// <summary>The fraction of ratings held out for test.</summary>
    public double TestFraction { get; }

    /// <summary>The seed of the random choice.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public TrainTestSplit Split(RatingView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        int testCount = (int)Math.Round(n * TestFraction);
        var test = new int[testCount];
        var train = new int[n - testCount];
        var random = SeededRandom.ForStream(Seed, 0x52414E44 /* RAND */, 0);
        var positions = data.Positions;
        bool all = data.IsAll;
        int needed = testCount, t = 0, r = 0;
        for (int i = 0; i < n; i++)
        {
            int p = all ? i : positions[i];
            // Algorithm S: take this rating with probability needed / remaining, which yields exactly testCount.
            if (needed > 0 && random.NextDouble() * (n - i) < needed)
            {
                test[t++] = p;
                needed--;
            }
            else
            {
                train[r++] = p;
            }
        }
        return SplitBuilder.Create(data.Source, train, test);
    }
}
