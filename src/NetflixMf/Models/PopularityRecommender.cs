using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Models;

/// <summary>
/// The most-popular baseline: recommends the movies with the most training ratings to everyone, and predicts a movie's
/// (shrunk) mean rating. Every ranking figure should be shown next to it.
/// </summary>
/// <remarks>
/// <para>On MovieLens the ten most-rated movies are a strong top-10 (precision@10 0.214 on 100K fold u1 with relevant =
/// rating ≥ 4), stronger than a rating model ranked by predicted rating: rating error rewards the obscure movies with a
/// few high ratings, which users rarely pick. See docs/models.md, "The popularity problem".</para>
/// <para>Ties in the count go to the lower movie id. Thread-safe; holds no native memory.</para>
/// </remarks>
public sealed class PopularityRecommender : IRecommender
{
    /// <summary>How many ratings at the global mean a movie's mean is shrunk with.</summary>
    internal const float MeanShrinkage = 10f;

    private readonly int[] _counts;
    private readonly float[] _means;
    private readonly float[] _rankScores; // the counts as floats: what TopList ranks and what the model file stores

    internal PopularityRecommender(IdIndex users, IdIndex movies, int[] counts, float[] means, float globalMean, RatingScale scale)
    {
        if (counts.Length != movies.Count || means.Length != movies.Count) throw new ArgumentException("The movie columns do not match the movie index.");
        Users = users;
        Movies = movies;
        _counts = counts;
        _means = means;
        GlobalMean = globalMean;
        Scale = scale;
        _rankScores = Array.ConvertAll(counts, c => (float)c);
    }

    /// <summary>The users of the training data (known users).</summary>
    public IdIndex Users { get; }

    /// <summary>The movies of the training data, the candidates of every list.</summary>
    public IdIndex Movies { get; }

    /// <summary>The mean training rating.</summary>
    public float GlobalMean { get; }

    /// <summary>The rating scale predictions are clamped to.</summary>
    public RatingScale Scale { get; }

    /// <summary>The number of training ratings of each movie, by dense movie index.</summary>
    public ReadOnlySpan<int> RatingCounts => _counts;

    /// <summary>Counts the ratings of every movie in <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The view is empty.</exception>
    public static PopularityRecommender Fit(RatingView train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("The training view has no ratings.", nameof(train));
        var source = train.Source;
        var movieIndices = source.MovieIndices;
        var ratings = source.Ratings;
        var counts = new int[source.Movies.Count];
        var sums = new double[source.Movies.Count];
        double total = 0;
        for (int i = 0; i < train.Count; i++)
        {
            int p = train.PositionAt(i);
            counts[movieIndices[p]]++;
            sums[movieIndices[p]] += ratings[p];
            total += ratings[p];
        }
        float mean = (float)(total / train.Count);
        var means = new float[counts.Length];
        for (int m = 0; m < counts.Length; m++) means[m] = (float)((sums[m] + MeanShrinkage * mean) / (counts[m] + MeanShrinkage));
        return new PopularityRecommender(source.Users, source.Movies, counts, means, mean, source.Scale);
    }

    /// <inheritdoc/>
    public bool IsKnownUser(int userId) => Users.Contains(userId);

    /// <inheritdoc/>
    public bool IsKnownMovie(int movieId) => Movies.Contains(movieId);

    /// <inheritdoc/>
    public float Predict(int userId, int movieId) => PredictDetailed(userId, movieId).Value;

    /// <summary>Predicts the movie's mean training rating shrunk toward the global mean (the same for every user).</summary>
    public Prediction PredictDetailed(int userId, int movieId)
    {
        bool knownUser = Users.Contains(userId);
        bool knownMovie = Movies.TryGetIndex(movieId, out int m);
        float value = Scale.Clamp(knownMovie ? _means[m] : GlobalMean);
        var basis = PredictionRules.Basis(knownUser, knownMovie);
        return new Prediction(value, basis);
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        PredictionRules.RequireBatch(userIds.Length, movieIds.Length, predictions.Length);
        for (int i = 0; i < movieIds.Length; i++) predictions[i] = Scale.Clamp(Movies.TryGetIndex(movieIds[i], out int m) ? _means[m] : GlobalMean);
    }

    /// <summary>The most-rated movies not in <paramref name="excludeMovieIds"/>, best first (the same list for every user).</summary>
    /// <inheritdoc/>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return [];
        // Asking for count + |excluded| and filtering afterwards avoids copying the scores per call.
        int extra = excludeMovieIds?.Count ?? 0;
        int[] best = TopList.Best(_rankScores, (int)Math.Min(_counts.Length, (long)count + extra));
        var result = new List<Recommendation>(Math.Min(count, best.Length));
        foreach (int m in best)
        {
            int movieId = Movies.GetId(m);
            if (excludeMovieIds is not null && excludeMovieIds.Contains(movieId)) continue;
            result.Add(new Recommendation(movieId, Scale.Clamp(_means[m])));
            if (result.Count == count) break;
        }
        return result;
    }

    /// <summary>Saves the baseline to a file (atomically) that <see cref="RecommenderFile.Load(string, HeadFactory?)"/> reads back.</summary>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public void Save(string path) => BaselineModelFile.Save(path, BaselineModelFile.PopularityKind, Users, Movies, GlobalMean, Scale, Columns());

    /// <summary>Saves the baseline to a stream.</summary>
    public void Save(Stream stream) => BaselineModelFile.Write(stream, BaselineModelFile.PopularityKind, Users, Movies, GlobalMean, Scale, Columns());

    private float[][] Columns() => [_rankScores, _means];

    /// <summary>Loads a baseline saved by <see cref="Save(string)"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a popularity baseline, or is truncated or corrupt.</exception>
    public static PopularityRecommender Load(string path) =>
        BaselineModelFile.Load(path) as PopularityRecommender ?? throw new InvalidDataException($"{path} is not a popularity baseline.");

    internal static PopularityRecommender FromColumns(IdIndex users, IdIndex movies, float globalMean, RatingScale scale, float[][] columns, string source)
    {
        if (columns.Length != 2) throw new InvalidDataException($"{source} is corrupt: a popularity baseline has 2 columns, not {columns.Length}.");
        var counts = new int[columns[0].Length];
        for (int m = 0; m < counts.Length; m++)
        {
            float c = columns[0][m];
            if (!(c >= 0) || c > int.MaxValue || c != MathF.Floor(c)) throw new InvalidDataException($"{source} is corrupt: rating count {c}.");
            counts[m] = (int)c;
        }
        return new PopularityRecommender(users, movies, counts, columns[1], globalMean, scale);
    }

    /// <summary>Nothing to free: the baseline holds managed arrays only.</summary>
    public void Dispose()
    {
    }
}
