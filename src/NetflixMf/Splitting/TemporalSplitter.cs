using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Splitting;

/// <summary>Holds out each user's latest ratings by date, the way the Netflix Prize built its probe and qualifying sets.</summary>
/// <remarks>
/// User u with n ratings gets <c>n x TestFraction</c> test ratings (rounded down or up at random, capped at n - 1 so
/// every user keeps at least one training rating): the latest ones by date. Ratings on the same day are ordered by a
/// seeded hash of their position, so ties are broken deterministically but without favouring any movie id (file order
/// would send the highest movie ids of a day to test). Every test rating of a user is on or after the day of every
/// training rating of that user.
/// </remarks>
public sealed class TemporalSplitter : ITrainTestSplitter
{
    /// <summary>Creates a splitter holding out the latest <paramref name="testFraction"/> of each user's ratings.</summary>
    /// <param name="testFraction">The fraction of each user's ratings to hold out, strictly between 0 and 1.</param>
    /// <param name="seed">The seed of the rounding and of the tie-breaking between same-day ratings.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public TemporalSplitter(double testFraction, int seed)
    {
        SplitBuilder.ValidateFraction(testFraction, nameof(testFraction));
        TestFraction = testFraction;
        Seed = seed;
    }

    /// <summary>The fraction of each user's ratings held out for test.</summary>
    public double TestFraction { get; }

    /// <summary>The seed of the rounding and of the same-day tie-breaking.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The rating set has no dates.</exception>
    public TrainTestSplit Split(RatingView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Source.HasDates)
        {
            throw new ArgumentException("The temporal split needs the date of each rating, but this rating set has none (RatingSet.HasDates is false). Read a source with dates, or use PerUserSplitter.", nameof(data));
        }
        var (offsets, elements) = SplitBuilder.GroupByUser(data);
        var labels = new byte[data.Count];
        double fraction = TestFraction;
        int seed = Seed;
        ulong tieSeed = SeededRandom.Mix((ulong)(uint)seed, 0x54494553 /* TIES */);
        SplitBuilder.ForEachUser(offsets.Length - 1, (first, end) =>
        {
            var days = data.Source.DayNumbers;
            var positions = data.Positions;
            bool all = data.IsAll;
            long[] keys = [];
            for (int u = first; u < end; u++)
            {
                var group = elements.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
                var random = SeededRandom.ForStream(seed, 0x54494D45 /* TIME */, u);
                int holdOut = SplitBuilder.HoldOutCount(group.Length, fraction, ref random);
                if (holdOut == 0) continue;
                if (keys.Length < group.Length) keys = new long[Math.Max(group.Length, keys.Length * 2)];
                var userKeys = keys.AsSpan(0, group.Length);
                // Key = day (top 16 bits) | hash of the position | index in the group (low bits): distinct keys that
                // order by day, then by hash, and carry the element with them, so no items array has to move.
                int indexBits = 32 - int.LeadingZeroCount(group.Length);
                long indexMask = (1L << indexBits) - 1;
                for (int j = 0; j < group.Length; j++)
                {
                    int p = all ? group[j] : positions[group[j]];
                    long hash = (long)(SeededRandom.Mix(tieSeed, (ulong)p) >> 17) & ~indexMask;
                    userKeys[j] = ((long)days[p] << 47) | hash | (uint)j;
                }
                // Only the latest holdOut matter: select them in linear time instead of sorting the user's ratings.
                int cut = group.Length - holdOut;
                Quickselect(userKeys, cut);
                foreach (long key in userKeys[cut..]) labels[group[(int)(key & indexMask)]] = 1;
            }
        });
        return SplitBuilder.FromLabels(data, labels, 1);
    }

    /// <summary>Reorders distinct <paramref name="keys"/> so that the element at <paramref name="k"/> is the one a sort
    /// would put there, smaller keys before it and larger after (Hoare's selection with a median-of-three pivot).</summary>
    internal static void Quickselect(Span<long> keys, int k)
    {
        int left = 0, right = keys.Length - 1;
        while (left < right)
        {
            int middle = left + ((right - left) >> 1);
            if (keys[middle] < keys[left]) (keys[middle], keys[left]) = (keys[left], keys[middle]);
            if (keys[right] < keys[left]) (keys[right], keys[left]) = (keys[left], keys[right]);
            if (keys[right] < keys[middle]) (keys[right], keys[middle]) = (keys[middle], keys[right]);
            long pivot = keys[middle];
            int i = left, j = right;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return;
        }
    }
}
