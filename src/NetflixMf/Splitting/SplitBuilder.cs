using NetflixMf.Data;


using NetflixMf.Shared;

namespace NetflixMf.Splitting;

/// <summary>The allocation-free building blocks the splitters share: grouping a view by user and turning per-rating
/// labels into train/test position arrays.</summary>
internal static class SplitBuilder
{
    // Chunks for the parallel passes: large enough that scheduling costs nothing, fixed so that the output (which is in
    // view order either way) never depends on the number of threads.
    private const int ChunkSize = 1 << 22;

    /// <summary>Splits <paramref name="data"/> into test (label == <paramref name="testLabel"/>) and train (every other
    /// label); both keep the order of the view.</summary>
    public static TrainTestSplit FromLabels(RatingView data, byte[] labels, byte testLabel)
    {
        int n = data.Count;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var testCounts = new int[chunks];
        Parallel.For(0, chunks, c =>
        {
            int start = c * ChunkSize, end = Math.Min(n, start + ChunkSize), count = 0;
            for (int i = start; i < end; i++) count += labels[i] == testLabel ? 1 : 0;
            testCounts[c] = count;
        });
        var testStarts = new int[chunks];
        int testTotal = 0;
        for (int c = 0; c < chunks; c++)
        {
            testStarts[c] = testTotal;
            testTotal += testCounts[c];
        }
        var test = new int[testTotal];
        var train = new int[n - testTotal];
        Parallel.For(0, chunks, c =>
        {
            int start = c * ChunkSize, end = Math.Min(n, start + ChunkSize);
            int t = testStarts[c], r = start - testStarts[c];
            var positions = data.Positions;
            bool all = data.IsAll;
            for (int i = start; i < end; i++)
            {
                int p = all ? i : positions[i];
                if (labels[i] == testLabel) test[t++] = p;
                else train[r++] = p;
            }
        });
        return Create(data.Source, train, test);
    }

    /// <summary>Wraps already valid position arrays into a split without re-checking them.</summary>
    public static TrainTestSplit Create(RatingSet source, int[] train, int[] test) =>
        new(new RatingView(source, train, validate: false), new RatingView(source, test, validate: false));

    /// <summary>Groups the elements of a view by user with a counting sort: the element indices (0..Count-1, not
    /// positions) of user u are <c>elements[offsets[u]..offsets[u + 1]]</c>, ascending.</summary>
    public static (int[] Offsets, int[] Elements) GroupByUser(RatingView data)
    {
        var userIndices = data.Source.UserIndices;
        var positions = data.Positions;
        bool all = data.IsAll;
        int n = data.Count;
        var offsets = new int[data.Source.Users.Count + 1];
        for (int i = 0; i < n; i++) offsets[userIndices[all ? i : positions[i]] + 1]++;
        for (int u = 1; u < offsets.Length; u++) offsets[u] += offsets[u - 1];
        var next = offsets.AsSpan(0, offsets.Length - 1).ToArray();
        var elements = new int[n];
        for (int i = 0; i < n; i++) elements[next[userIndices[all ? i : positions[i]]]++] = i;
        return (offsets, elements);
    }

    /// <summary>How many of a user's <paramref name="count"/> ratings to hold out: <paramref name="fraction"/> of them,
    /// rounded at random so small users respect the fraction on average, but always leaving one for training.</summary>
    public static int HoldOutCount(int count, double fraction, ref SeededRandom random)
    {
        if (count <= 1) return 0;
        return Math.Min(random.StochasticRound(count * fraction), count - 1);
    }

    /// <summary>Runs <paramref name="body"/> for every user in parallel ranges; results must depend only on the user.</summary>
    public static void ForEachUser(int users, Action<int, int> body)
    {
        const int UsersPerRange = 4096;
        int ranges = (users + UsersPerRange - 1) / UsersPerRange;
        Parallel.For(0, ranges, r => body(r * UsersPerRange, Math.Min(users, (r + 1) * UsersPerRange)));
    }

    /// <summary>Throws when a fraction is not strictly between 0 and 1.</summary>
    public static void ValidateFraction(double fraction, string name)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(name, fraction, "The test fraction must lie strictly between 0 and 1.");
    }
}
