using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;
using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>
/// A trained biased factorization model r(u, i) = mu + b_u + b_i + head(p_u, q_i): user and movie embeddings and
/// biases, the global mean, a <see cref="FactorizationHead"/>, both id indexes and the rating scale.
/// </summary>
/// <remarks>
/// <para>Biased matrix factorization as in Koren, Bell and Volinsky (2009). With the built-in
/// <see cref="DotProductHead"/> predictions are computed straight from the CPU memory of the tables; other heads run
/// through TorchSharp without gradients. Both paths are thread-safe.</para>
/// <para>The model owns native tensors: dispose it when done.</para>
/// </remarks>
public sealed unsafe partial class FactorizationModel : IRecommender, IIndexPredictor
{
    private const int TorchChunk = 8192;
    private readonly FactorTables _tables;
    private readonly FactorizationHead _head;
    private readonly bool _isDotProduct;
    private readonly int _factors;
    private readonly float* _userFactors;
    private readonly float* _movieFactors;
    private readonly float* _userBiases;
    private readonly float* _movieBiases;

    internal FactorizationModel(FactorTables tables, FactorizationHead head, string headName, IdIndex users, IdIndex movies, RatingScale scale, string trainingOptions)
    {
        _tables = tables;
        _head = head;
        HeadName = headName;
        Users = users;
        Movies = movies;
        Scale = scale;
        TrainingOptions = trainingOptions;
        _isDotProduct = head is DotProductHead;
        _factors = tables.Factors;
        if (tables.UserFactors.shape[0] != users.Count || tables.MovieFactors.shape[0] != movies.Count
            || tables.UserBiases.shape[0] != users.Count || tables.MovieBiases.shape[0] != movies.Count)
        {
            throw new ArgumentException("Table sizes do not match the id indexes.", nameof(tables));
        }
        // The tables are contiguous CPU float32 tensors that are only ever updated in place, so their memory stays put.
        _userFactors = TensorMemory.FloatPointer(tables.UserFactors);
        _movieFactors = TensorMemory.FloatPointer(tables.MovieFactors);
        _userBiases = TensorMemory.FloatPointer(tables.UserBiases);
        _movieBiases = TensorMemory.FloatPointer(tables.MovieBiases);
    }

    /// <summary>The rating scale predictions are clamped to.</summary>
    public RatingScale Scale { get; }

    /// <summary>The users the model was trained on.</summary>
    public IdIndex Users { get; }

    /// <summary>The movies the model was trained on.</summary>
    public IdIndex Movies { get; }

    /// <summary>The name of the head factory the model was trained with (stored in the model file).</summary>
    public string HeadName { get; }

    /// <summary>The trainer options the model was trained with, as JSON (stored in the model file); <c>TrainerOptions.FromModel</c> reads them back.</summary>
    /// <remarks>Model files written before options were stored as JSON hold a plain description instead.</remarks>
    public string TrainingOptions { get; }

    /// <summary>The size k of the user and movie embeddings.</summary>
    public int EmbeddingDimension => _factors;

    /// <summary>The global mean rating mu.</summary>
    public float GlobalMean => _tables.GlobalMean;

    internal FactorTables Tables => _tables;

    internal FactorizationHead Head => _head;

    /// <inheritdoc/>
    public bool IsKnownUser(int userId) => Users.Contains(userId);

    /// <inheritdoc/>
    public bool IsKnownMovie(int movieId) => Movies.Contains(movieId);

    /// <inheritdoc/>
    public float Predict(int userId, int movieId) => PredictDetailed(userId, movieId).Value;

    /// <inheritdoc/>
    public Prediction PredictDetailed(int userId, int movieId)
    {
        using var lease = Enter();
        Users.TryGetIndex(userId, out int u);
        Movies.TryGetIndex(movieId, out int m);
        Span<float> value = stackalloc float[1];
        PredictIndices([u], [m], value);
        var basis = PredictionRules.Basis(u >= 0, m >= 0);
        return new Prediction(value[0], basis);
    }

    /// <inheritdoc/>
    bool IIndexPredictor.UsesIndexes(IdIndex users, IdIndex movies) => ReferenceEquals(users, Users) && ReferenceEquals(movies, Movies);

    /// <summary>
    /// Predicts dense index pairs of this model's own <see cref="Users"/> and <see cref="Movies"/> (-1 = unknown), in
    /// the same chunks as the batched <see cref="Predict(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{float})"/>, so the
    /// numbers are the same.
    /// </summary>
    void IIndexPredictor.PredictByIndex(ReadOnlySpan<int> userIndices, ReadOnlySpan<int> movieIndices, Span<float> predictions)
    {
        PredictionRules.RequireBatch(userIndices.Length, movieIndices.Length, predictions.Length);
        for (int start = 0; start < userIndices.Length; start += TorchChunk)
        {
            int n = Math.Min(TorchChunk, userIndices.Length - start);
            PredictIndices(userIndices.Slice(start, n), movieIndices.Slice(start, n), predictions.Slice(start, n));
        }
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        PredictionRules.RequireBatch(userIds.Length, movieIds.Length, predictions.Length);
        using var lease = Enter();
        int[] users = ArrayPool<int>.Shared.Rent(Math.Min(userIds.Length, TorchChunk));
        int[] movies = ArrayPool<int>.Shared.Rent(Math.Min(userIds.Length, TorchChunk));
        try
        {
            for (int start = 0; start < userIds.Length; start += TorchChunk)
            {
                int n = Math.Min(TorchChunk, userIds.Length - start);
                for (int i = 0; i < n; i++)
                {
                    Users.TryGetIndex(userIds[start + i], out users[i]);
                    Movies.TryGetIndex(movieIds[start + i], out movies[i]);
                }
                PredictIndices(users.AsSpan(0, n), movies.AsSpan(0, n), predictions.Slice(start, n));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(users);
            ArrayPool<int>.Shared.Return(movies);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var lease = Enter();
        int movieCount = Movies.Count;
        if (count == 0 || movieCount == 0) return [];
        bool knownUser = Users.TryGetIndex(userId, out int u);
        float[] scores = ArrayPool<float>.Shared.Rent(movieCount);
        try
        {
            float offset = _tables.GlobalMean + (knownUser ? _userBiases[u] : 0f);
            if (!knownUser)
            {
                new ReadOnlySpan<float>(_movieBiases, movieCount).CopyTo(scores);
            }
            else if (_isDotProduct)
            {
                float* p = _userFactors + (long)u * _factors;
                for (int m = 0; m < movieCount; m++) scores[m] = _movieBiases[m] + Dot(p, _movieFactors + (long)m * _factors, _factors);
            }
            else
            {
                HeadScoresForUser(u, scores.AsSpan(0, movieCount));
                for (int m = 0; m < movieCount; m++) scores[m] += _movieBiases[m];
            }
            if (excludeMovieIds is not null)
            {
                foreach (int movieId in excludeMovieIds)
                {
                    if (Movies.TryGetIndex(movieId, out int m)) scores[m] = float.NegativeInfinity;
                }
            }
            return TopN(scores.AsSpan(0, movieCount), count, offset);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>Saves the model (weights, id indexes, scale, head name and options) to a file, atomically.</summary>
    /// <remarks>The file is written through <see cref="AtomicFileWriter"/>: under a short temporary name beside
    /// <paramref name="path"/>, flushed to disk, then renamed over it, so a failure part-way leaves any previous file
    /// intact and no temporary file behind. A device node, FIFO or folder at <paramref name="path"/> is refused.</remarks>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty (or <see langword="null"/>).</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var lease = Enter();
        AtomicFileWriter.Write(path, stream => ModelFile.Write(stream, this));
    }

    /// <summary>Saves the model to a stream.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var lease = Enter();
        ModelFile.Write(stream, this);
    }

    /// <summary>Loads a model saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="headFactory">The factory of a custom head (its name must match the file's); built-in heads need none.</param>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a model file, holds NaN or infinite weights, or is of another format version; the message names the file.</exception>
    /// <exception cref="InvalidOperationException">The file uses a custom head and no factory of that name was given.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    /// <exception cref="NetflixMf.Shared.NativeLoadException">TorchSharp's native backend is not referenced or fails to load.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty (or <see langword="null"/>).</exception>
    public static FactorizationModel Load(string path, HeadFactory? headFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Checked before opening: opening a FIFO blocks until a writer appears, and /dev/zero never ends.
        FileKind.RequireRegular(path, "model file", allowMissing: false);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ModelFile.Read(stream, path, headFactory);
    }

    /// <summary>Loads a model saved by <see cref="Save(Stream)"/>, streaming (no copy of the whole model in memory).</summary>
    /// <param name="stream">The stream positioned at the start of the model.</param>
    /// <param name="headFactory">The factory of a custom head (its name must match the file's); built-in heads need none.</param>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt, not a model, or from a newer format version.</exception>
    /// <exception cref="InvalidOperationException">The data uses a custom head and no factory of that name was given.</exception>
    /// <exception cref="NetflixMf.Shared.NativeLoadException">TorchSharp's native backend is not referenced or fails to load.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static FactorizationModel Load(Stream stream, HeadFactory? headFactory = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelFile.Read(stream, "The model stream", headFactory);
    }

    /// <summary>Predicts dense index pairs (-1 = unknown) into <paramref name="predictions"/>, clamped to the scale.</summary>
    internal void PredictIndices(ReadOnlySpan<int> userIndices, ReadOnlySpan<int> movieIndices, Span<float> predictions)
    {
        using var lease = Enter();
        float mu = _tables.GlobalMean;
        int headPairs = 0;
        for (int i = 0; i < userIndices.Length; i++)
        {
            int u = userIndices[i], m = movieIndices[i];
            float value = mu + (u >= 0 ? _userBiases[u] : 0f) + (m >= 0 ? _movieBiases[m] : 0f);
            if (u >= 0 && m >= 0)
            {
                if (_isDotProduct) value += Dot(_userFactors + (long)u * _factors, _movieFactors + (long)m * _factors, _factors);
                else headPairs++;
            }
            predictions[i] = value;
        }
        if (headPairs > 0) AddHeadScores(userIndices, movieIndices, predictions, headPairs);
        for (int i = 0; i < predictions.Length; i++) predictions[i] = Scale.Clamp(predictions[i]);
    }

    private void AddHeadScores(ReadOnlySpan<int> userIndices, ReadOnlySpan<int> movieIndices, Span<float> predictions, int pairs)
    {
        int[] slots = ArrayPool<int>.Shared.Rent(pairs);
        try
        {
            int n = 0;
            for (int i = 0; i < userIndices.Length; i++)
            {
                if (userIndices[i] >= 0 && movieIndices[i] >= 0) slots[n++] = i;
            }
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var device = HeadDevice();
            for (int start = 0; start < n; start += TorchChunk)
            {
                int count = Math.Min(TorchChunk, n - start);
                var u = empty(count, ScalarType.Int64);
                var m = empty(count, ScalarType.Int64);
                var uSpan = MemoryMarshal.Cast<byte, long>(u.bytes);
                var mSpan = MemoryMarshal.Cast<byte, long>(m.bytes);
                for (int i = 0; i < count; i++)
                {
                    uSpan[i] = userIndices[slots[start + i]];
                    mSpan[i] = movieIndices[slots[start + i]];
                }
                var userRows = _tables.UserFactors.index_select(0, u).to(device);
                var movieRows = _tables.MovieFactors.index_select(0, m).to(device);
                var scores = _head.Score(userRows, movieRows, new HeadBatch(u.to(device), m.to(device))).to(ScalarType.Float32).cpu().contiguous();
                var values = MemoryMarshal.Cast<byte, float>(scores.bytes);
                if (values.Length != count) throw new InvalidOperationException($"Head '{HeadName}' returned {values.Length} scores for {count} pairs; forward must return shape [B].");
                for (int i = 0; i < count; i++) predictions[slots[start + i]] += values[i];
                scope.DisposeEverything();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    private void HeadScoresForUser(int userIndex, Span<float> scores)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = HeadDevice();
        for (int start = 0; start < scores.Length; start += TorchChunk)
        {
            int count = Math.Min(TorchChunk, scores.Length - start);
            var user = _tables.UserFactors.narrow(0, userIndex, 1).to(device);
            var movieRows = _tables.MovieFactors.narrow(0, start, count).to(device);
            var userRows = user.expand(count, _factors);
            var batch = new HeadBatch(full(count, (long)userIndex, ScalarType.Int64, device), arange(start, start + count, 1, ScalarType.Int64, device));
            var result = _head.Score(userRows, movieRows, batch).to(ScalarType.Float32).cpu().contiguous();
            var values = MemoryMarshal.Cast<byte, float>(result.bytes);
            if (values.Length != count) throw new InvalidOperationException($"Head '{HeadName}' returned {values.Length} scores for {count} pairs; forward must return shape [B].");
            values.CopyTo(scores.Slice(start, count));
            scope.DisposeEverything();
        }
    }

    private Device HeadDevice()
    {
        foreach (var parameter in _head.parameters()) return parameter.device;
        return CPU;
    }

    private List<Recommendation> TopN(ReadOnlySpan<float> scores, int count, float offset)
    {
        int[] best = TopList.Best(scores, count);
        var result = new List<Recommendation>(best.Length);
        foreach (int m in best) result.Add(new Recommendation(Movies.GetId(m), Scale.Clamp(scores[m] + offset)));
        return result;
    }

    private static float Dot(float* a, float* b, int length)
    {
        int i = 0;
        var acc = Vector<float>.Zero;
        for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
        {
            acc += Vector.Load(a + i) * Vector.Load(b + i);
        }
        float sum = Vector.Sum(acc);
        for (; i < length; i++) sum += a[i] * b[i];
        return sum;
    }

}
