using NetflixMf.Data;

namespace NetflixMf.Splitting;

/// <summary>Splits off the Netflix Prize probe set: test = the ratings whose (user, movie) pair is listed in probe.txt,
/// train = every other rating.</summary>
/// <remarks>
/// The probe ratings are also part of the Netflix training files, so a split that only added them to test would leak
/// them into training; this splitter removes them. Pairs are raw ids (CustomerID, MovieID) and are matched against
/// the dense indices of the data through its id indexes: a per-user sorted list of probe movies (a CSR table of
/// 1.4M entries), so each of the 100M ratings costs one table lookup and a scan of about three entries, without any
/// allocation per rating. Pairs that match no rating (an unknown user or movie, or a pair the user never rated) are
/// counted and reported by <see cref="Split(RatingView, out int)"/>; repeated pairs count once per repetition.
/// </remarks>
public sealed class ProbeSplitter : ITrainTestSplitter
{
    private readonly int[] _userIds;
    private readonly int[] _movieIds;

    /// <summary>Creates a splitter for the given (CustomerID, MovieID) probe pairs, for example those of probe.txt.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ProbeSplitter(IEnumerable<(int UserId, int MovieId)> probePairs)
    {
        ArgumentNullException.ThrowIfNull(probePairs);
        var users = new List<int>(probePairs is IReadOnlyCollection<(int, int)> c ? c.Count : 0);
        var movies = new List<int>(users.Capacity);
        foreach (var (userId, movieId) in probePairs)
        {
            users.Add(userId);
            movies.Add(movieId);
        }
        _userIds = [.. users];
        _movieIds = [.. movies];
    }

    /// <summary>Creates a splitter from probe pairs in columnar form: pair i is (<paramref name="userIds"/>[i], <paramref name="movieIds"/>[i]).</summary>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    public ProbeSplitter(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds)
    {
        if (userIds.Length != movieIds.Length) throw new ArgumentException($"The probe columns differ in length ({userIds.Length} user ids, {movieIds.Length} movie ids).", nameof(movieIds));
        _userIds = userIds.ToArray();
        _movieIds = movieIds.ToArray();
    }

    /// <summary>The number of probe pairs given (repeats included).</summary>
    public int PairCount => _userIds.Length;

    /// <inheritdoc />
    public TrainTestSplit Split(RatingView data) => Split(data, out _);

    /// <summary>Splits <paramref name="data"/> and reports how many probe pairs matched no rating in it.</summary>
    /// <param name="data">The ratings to split.</param>
    /// <param name="unmatchedPairs">The number of probe pairs (repeats counted each time) with no rating in <paramref name="data"/>;
    /// 0 for the real probe set against the full training set.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public TrainTestSplit Split(RatingView data, out int unmatchedPairs)
    {
        ArgumentNullException.ThrowIfNull(data);
        var source = data.Source;
        int userCount = source.Users.Count;

        // Map the pairs to dense indices; pairs with an unknown id can never match.
        var pairUsers = new int[_userIds.Length];
        var pairMovies = new int[_userIds.Length];
        int unknown = 0;
        for (int i = 0; i < _userIds.Length; i++)
        {
            if (source.Users.TryGetIndex(_userIds[i], out int u) && source.Movies.TryGetIndex(_movieIds[i], out int m))
            {
                pairUsers[i] = u;
                pairMovies[i] = m;
            }
            else
            {
                pairUsers[i] = -1;
                unknown++;
            }
        }

        // CSR table: the probe movies of user u are movies[starts[u]..starts[u + 1]], sorted, with repeat counts.
        var starts = new int[userCount + 1];
        foreach (int u in pairUsers) if (u >= 0) starts[u + 1]++;
        for (int u = 0; u < userCount; u++) starts[u + 1] += starts[u];
        var next = starts.AsSpan(0, userCount).ToArray();
        var movies = new int[starts[userCount]];
        for (int i = 0; i < pairUsers.Length; i++) if (pairUsers[i] >= 0) movies[next[pairUsers[i]]++] = pairMovies[i];
        for (int u = 0; u < userCount; u++) movies.AsSpan(starts[u], starts[u + 1] - starts[u]).Sort();

        // A 64-bit filter per user (bit m mod 64 of each probe movie) rejects most non-probe ratings with one AND, before
        // the binary search whose unpredictable branches would otherwise cost more than the rest of the split.
        var filters = new ulong[userCount];
        for (int i = 0; i < pairUsers.Length; i++) if (pairUsers[i] >= 0) filters[pairUsers[i]] |= 1UL << (pairMovies[i] & 63);

        // Mark the probe ratings. Each entry's hit flag is written (always as 1) by whichever rating matches it; the
        // flags are only read after the parallel loop, so the benign races cannot change the result.
        var hits = new byte[movies.Length];
        var labels = new byte[data.Count];
        const int ChunkSize = 1 << 20;
        int chunks = (data.Count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, c =>
        {
            var users = data.Source.UserIndices;
            var movieColumn = data.Source.MovieIndices;
            var positions = data.Positions;
            bool all = data.IsAll;
            int end = Math.Min(data.Count, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                int p = all ? i : positions[i];
                int u = users[p];
                int m = movieColumn[p];
                if ((filters[u] & (1UL << (m & 63))) == 0) continue;
                int s = starts[u], e = starts[u + 1];
                // Binary search: a heavy user has hundreds of probe movies and thousands of ratings, so a linear scan
                // per rating grows with the square of the activity.
                int j = movies.AsSpan(s, e - s).BinarySearch(m);
                if (j < 0) continue;
                j += s;
                while (j > s && movies[j - 1] == m) j--;
                labels[i] = 1;
                // Repeats of the pair sit next to each other; all of them are matched.
                for (int k = j; k < e && movies[k] == m; k++) hits[k] = 1;
            }
        });

        int missed = 0;
        foreach (byte hit in hits) missed += hit == 0 ? 1 : 0;
        unmatchedPairs = unknown + missed;
        return SplitBuilder.FromLabels(data, labels, 1);
    }
}
