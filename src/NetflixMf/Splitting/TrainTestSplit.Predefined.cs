using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Splitting;

/// <summary>Splits that come as two files (MovieLens u1.base / u1.test, a custom hold-out): one rating set, two views.</summary>
public sealed partial class TrainTestSplit
{
    /// <summary>
    /// Combines a training set and a test set that were loaded separately into one rating set with one id world, and
    /// returns the split of it: training = the ratings of <paramref name="train"/>, test = those of <paramref name="test"/>.
    /// </summary>
    /// <param name="train">The training ratings.</param>
    /// <param name="test">The test ratings.</param>
    /// <returns>A split whose <see cref="Source"/> holds both sets (training first), with dense indices over the union of their ids.</returns>
    /// <remarks>
    /// Two separately loaded sets number their users and movies independently, so their views cannot be paired (the
    /// constructor throws); this renumbers both into the union of their ids. Users or movies only in the test set are
    /// indexed too: a model trained on the split gives them an untrained (initial) embedding, so evaluate cold-start
    /// cases knowingly. The scale is the smallest range covering both; dates are kept when both sets have them.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static TrainTestSplit FromSets(RatingSet train, RatingSet test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var users = IdIndex.FromIds([.. train.Users.Ids, .. test.Users.Ids]);
        var movies = IdIndex.FromIds([.. train.Movies.Ids, .. test.Movies.Ids]);
        int n = train.Count + test.Count;
        var userIndices = new int[n];
        var movieIndices = new int[n];
        var ratings = new float[n];
        ushort[]? days = train.HasDates && test.HasDates ? new ushort[n] : null;
        Copy(train, 0);
        Copy(test, train.Count);
        var scale = new RatingScale(Math.Min(train.Scale.Minimum, test.Scale.Minimum), Math.Max(train.Scale.Maximum, test.Scale.Maximum));
        var combined = new RatingSet(users, movies, userIndices, movieIndices, ratings, days, scale);
        return new TrainTestSplit(
            new RatingView(combined, [.. Enumerable.Range(0, train.Count)], validate: false),
            new RatingView(combined, [.. Enumerable.Range(train.Count, test.Count)], validate: false));

        void Copy(RatingSet source, int offset)
        {
            // Both indexes are ordered by id, so the old-to-new maps are computed once per distinct id.
            var userMap = Remap(source.Users, users);
            var movieMap = Remap(source.Movies, movies);
            var u = source.UserIndices;
            var m = source.MovieIndices;
            for (int i = 0; i < source.Count; i++)
            {
                userIndices[offset + i] = userMap[u[i]];
                movieIndices[offset + i] = movieMap[m[i]];
            }
            source.Ratings.CopyTo(ratings.AsSpan(offset));
            if (days is not null) source.DayNumbers.CopyTo(days.AsSpan(offset));
        }
    }

    /// <summary>Loads a training file and a test file (for example MovieLens u1.base and u1.test) and combines them with <see cref="FromSets"/>.</summary>
    /// <param name="trainPath">The training ratings file or folder.</param>
    /// <param name="testPath">The test ratings file or folder.</param>
    /// <param name="options">The reader options for both; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the loads.</param>
    /// <exception cref="RatingFormatException">A line is bad; the message names the file and line.</exception>
    /// <exception cref="InvalidDataException">A file holds no ratings.</exception>
    /// <exception cref="FileNotFoundException">A path holds no ratings file.</exception>
    public static TrainTestSplit FromFiles(string trainPath, string testPath, RatingReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var train = RatingDataLoader.Load(trainPath, options, cancellationToken: cancellationToken).Ratings;
        var test = RatingDataLoader.Load(testPath, options, cancellationToken: cancellationToken).Ratings;
        return FromSets(train, test);
    }

    private static int[] Remap(IdIndex from, IdIndex to)
    {
        var map = new int[from.Count];
        var ids = from.Ids;
        for (int i = 0; i < map.Length; i++) map[i] = to.GetIndex(ids[i]);
        return map;
    }
}
