using System.Numerics;
using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>
/// A trained SVD++ model with optional time-aware biases (Koren 2008, 2009):
/// r(u, i, t) = mu + b_u(t) + b_i(t) + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j), with
/// b_u(t) = b_u + alpha_u dev_u(t) + b_{u,t} and b_i(t) = b_i + b_{i,Bin(t)} when trained with time biases.
/// </summary>
/// <remarks>
/// <para>Trained without implicit feedback it is biased matrix factorization; without time biases the date is ignored.</para>
/// <para>The dateless <see cref="IRecommender"/> members predict "as of the user's mean rating day" t_u: dev_u(t_u) = 0,
/// no day bias, and the movie bin of t_u (an unknown user gets no time terms at all). Use
/// <see cref="PredictOn(int, int, int)"/> when the date is known. A day without a trained day bias, or outside the
/// trained date range, falls back to the nearest movie bin and no day bias.</para>
/// <para>Managed arrays only: thread-safe, and <see cref="Dispose"/> has nothing native to free.</para>
/// </remarks>
public sealed class SvdPlusPlusModel : IDatedRecommender
{
    private readonly SvdPlusPlusParameters _parameters;
    private readonly int _factors;

    internal SvdPlusPlusModel(SvdPlusPlusParameters parameters, IdIndex users, IdIndex movies, RatingScale scale, bool implicitFeedback, string trainingOptions)
    {
        if (parameters.UserBiases.Length != users.Count || parameters.MovieBiases.Length != movies.Count)
        {
            throw new ArgumentException("Table sizes do not match the id indexes.", nameof(parameters));
        }
        _parameters = parameters;
        _factors = parameters.Factors;
        Users = users;
        Movies = movies;
        Scale = scale;
        HasImplicitFeedback = implicitFeedback;
        TrainingOptions = trainingOptions;
    }

    /// <summary>The rating scale predictions are clamped to.</summary>
    public RatingScale Scale { get; }

    /// <summary>The users the model was trained on.</summary>
    public IdIndex Users { get; }

    /// <summary>The movies the model was trained on.</summary>
    public IdIndex Movies { get; }

    /// <summary>The size k of the factors.</summary>
    public int EmbeddingDimension => _factors;

    /// <summary>The global mean rating mu.</summary>
    public float GlobalMean => _parameters.GlobalMean;

    /// <summary>Whether the model was trained with the implicit-feedback factors y_j of SVD++.</summary>
    public bool HasImplicitFeedback { get; }

    /// <summary>Whether the model has time-aware biases (then predictions depend on the date).</summary>
    public bool HasTimeBiases => _parameters.Time is not null;

    /// <summary>The trainer options the model was trained with, as text (informational).</summary>
    public string TrainingOptions { get; }

    internal SvdPlusPlusParameters Parameters => _parameters;

    /// <inheritdoc/>
    public bool IsKnownUser(int userId) => Users.Contains(userId);

    /// <inheritdoc/>
    public bool IsKnownMovie(int movieId) => Movies.Contains(movieId);

    /// <inheritdoc/>
    /// <remarks>Without a date the prediction is as of the user's mean rating day (see the type's remarks).</remarks>
    public float Predict(int userId, int movieId) => PredictDetailed(userId, movieId).Value;

    /// <inheritdoc/>
    public Prediction PredictDetailed(int userId, int movieId)
    {
        Users.TryGetIndex(userId, out int u);
        Movies.TryGetIndex(movieId, out int m);
        var basis = PredictionRules.Basis(u >= 0, m >= 0);
        return new Prediction(PredictIndex(u, m, null), basis);
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        RequireLengths(userIds.Length, movieIds.Length, userIds.Length, predictions.Length);
        for (int i = 0; i < userIds.Length; i++)
        {
            Users.TryGetIndex(userIds[i], out int u);
            Movies.TryGetIndex(movieIds[i], out int m);
            predictions[i] = PredictIndex(u, m, null);
        }
    }

    /// <inheritdoc/>
    public float PredictOn(int userId, int movieId, int dayNumber)
    {
        Users.TryGetIndex(userId, out int u);
        Movies.TryGetIndex(movieId, out int m);
        return PredictIndex(u, m, dayNumber);
    }

    /// <inheritdoc/>
    public void PredictOn(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, ReadOnlySpan<ushort> dayNumbers, Span<float> predictions)
    {
        RequireLengths(userIds.Length, movieIds.Length, dayNumbers.Length, predictions.Length);
        for (int i = 0; i < userIds.Length; i++)
        {
            Users.TryGetIndex(userIds[i], out int u);
            Movies.TryGetIndex(movieIds[i], out int m);
            predictions[i] = PredictIndex(u, m, dayNumbers[i]);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int movieCount = Movies.Count;
        if (count == 0 || movieCount == 0) return [];
        Users.TryGetIndex(userId, out int u);
        var scores = new float[movieCount];
        for (int m = 0; m < movieCount; m++) scores[m] = PredictIndex(u, m, null, clamp: false);
        if (excludeMovieIds is not null)
        {
            foreach (int movieId in excludeMovieIds)
            {
                if (Movies.TryGetIndex(movieId, out int m)) scores[m] = float.NegativeInfinity;
            }
        }
        int[] indices = TopList.Best(scores, count);
        var best = new Recommendation[indices.Length];
        for (int i = 0; i < best.Length; i++) best[i] = new Recommendation(Movies.GetId(indices[i]), Scale.Clamp(scores[indices[i]]));
        return best;
    }

    /// <summary>Saves the model to a file, atomically (through <see cref="AtomicFileWriter"/>: a device node, FIFO or folder at <paramref name="path"/> is refused).</summary>
    /// <param name="path">The model file to write.</param>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public void Save(string path) => AtomicFileWriter.Write(path, stream => SvdPlusPlusModelFile.Write(stream, this));

    /// <summary>Saves the model to a stream.</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SvdPlusPlusModelFile.Write(stream, this);
    }

    /// <summary>Loads a model saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not an SVD++ model file, or of another format version.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    public static SvdPlusPlusModel Load(string path) =>
        RecommenderFile.Load(path) as SvdPlusPlusModel ?? throw new InvalidDataException($"{path} is not an SVD++ model file.");

    /// <summary>Does nothing: the model holds managed arrays only.</summary>
    public void Dispose()
    {
    }

    /// <summary>The prediction for dense indices (-1 = unknown) on a day (null = the user's mean day).</summary>
    internal float PredictIndex(int u, int m, int? day, bool clamp = true)
    {
        var p = _parameters;
        var time = p.Time;
        float value = p.GlobalMean;
        if (u >= 0)
        {
            value += p.UserBiases[u];
            if (time is not null && day is int d) value += time.UserTerm(u, d);
        }
        if (m >= 0)
        {
            value += p.MovieBiases[m];
            if (time is not null)
            {
                int? binDay = day ?? (u >= 0 ? (int)MathF.Round(time.UserMeanDays[u]) : null);
                if (binDay is int bd) value += time.MovieTerm(m, bd);
            }
        }
        if (u >= 0 && m >= 0) value += Dot(p.UserFactors.AsSpan(u * _factors, _factors), p.MovieFactors.AsSpan(m * _factors, _factors));
        return clamp ? Scale.Clamp(value) : value;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count) acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        float sum = Vector.Sum(acc);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void RequireLengths(int users, int movies, int days, int predictions)
    {
        if (movies != users || days != users || predictions != users)
        {
            throw new ArgumentException($"The input spans ({users} users, {movies} movies, {days} days) and predictions ({predictions}) must have the same length.");
        }
    }
}
