using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Models;

/// <summary>
/// The bias-only baseline r(u, i) = mu + b_u + b_i with regularized biases (Koren 2009, section 2.1): the floor every
/// rating model must beat, and a ranking by movie bias (the same list for every user).
/// </summary>
/// <remarks>
/// <para>Fitted in closed form by two passes: b_i = Σ (r − mu) / (λ_i + n_i), then b_u = Σ (r − mu − b_i) / (λ_u + n_u),
/// with λ_i = <see cref="MovieShrinkage"/> and λ_u = <see cref="UserShrinkage"/>.</para>
/// <para>Thread-safe; holds no native memory.</para>
/// </remarks>
public sealed class BiasRecommender : IRecommender
{
    /// <summary>The shrinkage λ_i of the movie biases (in ratings at the global mean).</summary>
    public const float MovieShrinkage = 25f;

    /// <summary>The shrinkage λ_u of the user biases.</summary>
    public const float UserShrinkage = 10f;

    private readonly float[] _userBiases;
    private readonly float[] _movieBiases;

    internal BiasRecommender(IdIndex users, IdIndex movies, float[] userBiases, float[] movieBiases, float globalMean, RatingScale scale)
    {
        if (userBiases.Length != users.Count || movieBiases.Length != movies.Count) throw new ArgumentException("The bias columns do not match the id indexes.");
        Users = users;
        Movies = movies;
        _userBiases = userBiases;
        _movieBiases = movieBiases;
        GlobalMean = globalMean;
        Scale = scale;
    }

    /// <summary>The users of the training data.</summary>
    public IdIndex Users { get; }

    /// <summary>The movies of the training data.</summary>
    public IdIndex Movies { get; }

    /// <summary>The global mean rating mu.</summary>
    public float GlobalMean { get; }

    /// <summary>The rating scale predictions are clamped to.</summary>
    public RatingScale Scale { get; }

    /// <summary>Fits the biases on <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The view is empty.</exception>
    public static BiasRecommender Fit(RatingView train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("The training view has no ratings.", nameof(train));
        var source = train.Source;
        var users = source.UserIndices;
        var movies = source.MovieIndices;
        var ratings = source.Ratings;
        float mu = (float)train.Mean();
        var movieSums = new double[source.Movies.Count];
        var movieCounts = new int[source.Movies.Count];
        for (int i = 0; i < train.Count; i++)
        {
            int p = train.PositionAt(i);
            movieSums[movies[p]] += ratings[p] - mu;
            movieCounts[movies[p]]++;
        }
        var movieBiases = new float[movieSums.Length];
        for (int m = 0; m < movieBiases.Length; m++) movieBiases[m] = (float)(movieSums[m] / (MovieShrinkage + movieCounts[m]));
        var userSums = new double[source.Users.Count];
        var userCounts = new int[source.Users.Count];
        for (int i = 0; i < train.Count; i++)
        {
            int p = train.PositionAt(i);
            userSums[users[p]] += ratings[p] - mu - movieBiases[movies[p]];
            userCounts[users[p]]++;
        }
        var userBiases = new float[userSums.Length];
        for (int u = 0; u < userBiases.Length; u++) userBiases[u] = (float)(userSums[u] / (UserShrinkage + userCounts[u]));
        return new BiasRecommender(source.Users, source.Movies, userBiases, movieBiases, mu, source.Scale);
    }

    /// <inheritdoc/>
    public bool IsKnownUser(int userId) => Users.Contains(userId);

    /// <inheritdoc/>
    public bool IsKnownMovie(int movieId) => Movies.Contains(movieId);

    /// <inheritdoc/>
    public float Predict(int userId, int movieId) => PredictDetailed(userId, movieId).Value;

    /// <inheritdoc/>
    public Prediction PredictDetailed(int userId, int movieId)
    {
        bool knownUser = Users.TryGetIndex(userId, out int u);
        bool knownMovie = Movies.TryGetIndex(movieId, out int m);
        float value = Scale.Clamp(GlobalMean + (knownUser ? _userBiases[u] : 0f) + (knownMovie ? _movieBiases[m] : 0f));
        var basis = PredictionRules.Basis(knownUser, knownMovie);
        return new Prediction(value, basis);
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        PredictionRules.RequireBatch(userIds.Length, movieIds.Length, predictions.Length);
        for (int i = 0; i < userIds.Length; i++) predictions[i] = Predict(userIds[i], movieIds[i]);
    }

    /// <summary>The movies with the highest bias not in <paramref name="excludeMovieIds"/>, best first.</summary>
    /// <inheritdoc/>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return [];
        float offset = GlobalMean + (Users.TryGetIndex(userId, out int u) ? _userBiases[u] : 0f);
        int extra = excludeMovieIds?.Count ?? 0;
        int[] best = TopList.Best(_movieBiases, (int)Math.Min(_movieBiases.Length, (long)count + extra));
        var result = new List<Recommendation>(Math.Min(count, best.Length));
        foreach (int m in best)
        {
            int movieId = Movies.GetId(m);
            if (excludeMovieIds is not null && excludeMovieIds.Contains(movieId)) continue;
            result.Add(new Recommendation(movieId, Scale.Clamp(offset + _movieBiases[m])));
            if (result.Count == count) break;
        }
        return result;
    }

    /// <summary>Saves the baseline to a file (atomically) that <see cref="RecommenderFile.Load(string, HeadFactory?)"/> reads back.</summary>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public void Save(string path) => BaselineModelFile.Save(path, BaselineModelFile.BiasKind, Users, Movies, GlobalMean, Scale, [_userBiases, _movieBiases]);

    /// <summary>Saves the baseline to a stream.</summary>
    public void Save(Stream stream) => BaselineModelFile.Write(stream, BaselineModelFile.BiasKind, Users, Movies, GlobalMean, Scale, [_userBiases, _movieBiases]);

    /// <summary>Loads a baseline saved by <see cref="Save(string)"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a bias baseline, or is truncated or corrupt.</exception>
    public static BiasRecommender Load(string path) =>
        BaselineModelFile.Load(path) as BiasRecommender ?? throw new InvalidDataException($"{path} is not a bias baseline.");

    internal static BiasRecommender FromColumns(IdIndex users, IdIndex movies, float globalMean, RatingScale scale, float[][] columns, string source)
    {
        if (columns.Length != 2 || columns[0].Length != users.Count || columns[1].Length != movies.Count)
        {
            throw new InvalidDataException($"{source} is corrupt: the bias columns do not match the id indexes.");
        }
        return new BiasRecommender(users, movies, columns[0], columns[1], globalMean, scale);
    }

    /// <summary>Nothing to free: the baseline holds managed arrays only.</summary>
    public void Dispose()
    {
    }
}
