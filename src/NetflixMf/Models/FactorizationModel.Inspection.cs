using System.Text.Json;

namespace NetflixMf.Models;

/// <summary>Read-only access to the learned tables, and folding in users the model was not trained on.</summary>
public sealed unsafe partial class FactorizationModel
{
    private const float DefaultFoldInL2 = 0.06f;
    private const float DefaultFoldInBiasL2 = 0.03f;

    /// <summary>
    /// Every user embedding, row-major: the k values of the user with dense index u (see <see cref="Users"/>) start at
    /// u x <see cref="EmbeddingDimension"/>.
    /// </summary>
    /// <remarks>The span reads the model's own memory without copying: use it before the model is disposed, and call
    /// <c>ToArray()</c> to keep a copy.</remarks>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    /// <exception cref="OverflowException">The table has more than 2^31 - 1 values (use <see cref="GetUserEmbedding"/> row by row).</exception>
    public ReadOnlySpan<float> UserEmbeddings => Table(_userFactors, (long)Users.Count * _factors);

    /// <summary>Every movie embedding, row-major: the row of the movie with dense index m (see <see cref="Movies"/>) starts at m x <see cref="EmbeddingDimension"/>.</summary>
    /// <remarks>Valid until the model is disposed; see <see cref="UserEmbeddings"/>.</remarks>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public ReadOnlySpan<float> MovieEmbeddings => Table(_movieFactors, (long)Movies.Count * _factors);

    /// <summary>Every user bias b_u, by dense user index.</summary>
    /// <remarks>Valid until the model is disposed; see <see cref="UserEmbeddings"/>.</remarks>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public ReadOnlySpan<float> UserBiases => Table(_userBiases, Users.Count);

    /// <summary>Every movie bias b_i, by dense movie index.</summary>
    /// <remarks>Valid until the model is disposed; see <see cref="UserEmbeddings"/>.</remarks>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public ReadOnlySpan<float> MovieBiases => Table(_movieBiases, Movies.Count);

    /// <summary>The embedding p_u of a user, by raw id.</summary>
    /// <remarks>Valid until the model is disposed; see <see cref="UserEmbeddings"/>.</remarks>
    /// <exception cref="KeyNotFoundException">The model was not trained on the user.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public ReadOnlySpan<float> GetUserEmbedding(int userId) => Row(_userFactors, Users.GetIndex(userId));

    /// <summary>The embedding q_i of a movie, by raw id.</summary>
    /// <remarks>Valid until the model is disposed; see <see cref="UserEmbeddings"/>.</remarks>
    /// <exception cref="KeyNotFoundException">The model was not trained on the movie.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public ReadOnlySpan<float> GetMovieEmbedding(int movieId) => Row(_movieFactors, Movies.GetIndex(movieId));

    /// <summary>The bias b_u of a user, by raw id.</summary>
    /// <exception cref="KeyNotFoundException">The model was not trained on the user.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public float GetUserBias(int userId) => UserBiases[Users.GetIndex(userId)];

    /// <summary>The bias b_i of a movie, by raw id.</summary>
    /// <exception cref="KeyNotFoundException">The model was not trained on the movie.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public float GetMovieBias(int movieId) => MovieBiases[Movies.GetIndex(movieId)];

    /// <summary>
    /// Places a new user in the model from a few (movie, rating) pairs, keeping every movie embedding and bias fixed:
    /// the regularized least-squares embedding and bias that best explain the ratings under the dot product.
    /// </summary>
    /// <param name="ratings">The user's ratings by raw movie id; movies the model does not know are ignored.</param>
    /// <param name="l2Regularization">The L2 penalty on the embedding, applied per rating as in training
    /// (lambda x number of ratings); <see langword="null"/> for the value the model was trained with (0.06 when the model file does not say).</param>
    /// <param name="biasL2Regularization">The L2 penalty on the bias, per rating; <see langword="null"/> for the trained value (0.03 when unknown).</param>
    /// <returns>The user's embedding and bias, for <see cref="Predict(FoldedInUser, int)"/> and <see cref="Recommend(FoldedInUser, int, IReadOnlySet{int}?)"/>.</returns>
    /// <remarks>
    /// <para>Solves (Z'Z + n diag(lambda, ..., lambda, lambda_b)) [p_u; b_u] = Z'y, where row i of Z is [q_i, 1] and
    /// y_i = r_i - mu - b_i, over the n ratings of known movies: one alternating-least-squares half step (Zhou et al. 2008,
    /// weighted lambda as in ALS-WR), in double precision. With no known movie the user gets a zero embedding and bias, so
    /// predictions fall back to mu + b_i, as for an unknown user.</para>
    /// <para>Only the dot-product head is linear in the user embedding; other heads throw <see cref="NotSupportedException"/>.</para>
    /// </remarks>
    /// <exception cref="NotSupportedException">The model's head is not the dot product.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rating is not finite, or a penalty is negative or not finite.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public FoldedInUser FoldInUser(IEnumerable<(int MovieId, float Rating)> ratings, float? l2Regularization = null, float? biasL2Regularization = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        using var lease = Enter();
        if (!_isDotProduct)
        {
            throw new NotSupportedException($"FoldInUser solves least squares against the dot product; head '{HeadName}' is not linear in the user embedding.");
        }
        var (trainedL2, trainedBiasL2) = TrainedPenalties();
        float l2 = l2Regularization ?? trainedL2;
        float biasL2 = biasL2Regularization ?? trainedBiasL2;
        if (!float.IsFinite(l2) || l2 < 0) throw new ArgumentOutOfRangeException(nameof(l2Regularization), l2, "The L2 penalty must be finite and non-negative.");
        if (!float.IsFinite(biasL2) || biasL2 < 0) throw new ArgumentOutOfRangeException(nameof(biasL2Regularization), biasL2, "The bias L2 penalty must be finite and non-negative.");

        int k = _factors, size = k + 1;
        var normal = new double[size * size];
        var rhs = new double[size];
        var row = new double[size];
        int n = 0;
        float mu = _tables.GlobalMean;
        foreach (var (movieId, rating) in ratings)
        {
            if (!float.IsFinite(rating)) throw new ArgumentOutOfRangeException(nameof(ratings), rating, $"The rating of movie {movieId} is not finite.");
            if (!Movies.TryGetIndex(movieId, out int m)) continue;
            float* q = _movieFactors + (long)m * k;
            for (int f = 0; f < k; f++) row[f] = q[f];
            row[k] = 1;
            double target = rating - mu - _movieBiases[m];
            for (int a = 0; a < size; a++)
            {
                rhs[a] += row[a] * target;
                for (int b = 0; b <= a; b++) normal[a * size + b] += row[a] * row[b];
            }
            n++;
        }
        if (n == 0) return new FoldedInUser(new float[k], 0f, 0);
        for (int f = 0; f < k; f++) normal[f * size + f] += (double)n * l2;
        // A tiny ridge keeps the bias row solvable when its penalty is 0 and every rating agrees.
        normal[k * size + k] += (double)n * biasL2 + 1e-9;
        SolveCholesky(normal, rhs, size);
        var embedding = new float[k];
        for (int f = 0; f < k; f++) embedding[f] = (float)rhs[f];
        return new FoldedInUser(embedding, (float)rhs[k], n);
    }

    /// <summary>Predicts the rating of a folded-in user for a movie: mu + b_u + b_i + p_u . q_i, clamped to the scale.</summary>
    /// <param name="user">The user from <see cref="FoldInUser"/>.</param>
    /// <param name="movieId">The raw movie id; an unknown movie gets mu + b_u.</param>
    /// <exception cref="ArgumentException">The user's embedding has another size than the model's.</exception>
    /// <exception cref="NotSupportedException">The model's head is not the dot product.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    public float Predict(FoldedInUser user, int movieId)
    {
        CheckFoldedIn(user);
        using var lease = Enter();
        float value = _tables.GlobalMean + user.Bias;
        if (Movies.TryGetIndex(movieId, out int m))
        {
            fixed (float* p = user.Embedding) value += _movieBiases[m] + Dot(p, _movieFactors + (long)m * _factors, _factors);
        }
        return Scale.Clamp(value);
    }

    /// <summary>The <paramref name="count"/> movies with the highest predicted rating for a folded-in user, best first.</summary>
    /// <param name="user">The user from <see cref="FoldInUser"/>.</param>
    /// <param name="count">How many movies to return at most.</param>
    /// <param name="excludeMovieIds">Movies to leave out, typically the ones the user rated.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">The user's embedding has another size than the model's.</exception>
    /// <exception cref="NotSupportedException">The model's head is not the dot product.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IReadOnlyList<Recommendation> Recommend(FoldedInUser user, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckFoldedIn(user);
        using var lease = Enter();
        int movieCount = Movies.Count;
        if (count == 0 || movieCount == 0) return [];
        var scores = new float[movieCount];
        fixed (float* p = user.Embedding)
        {
            for (int m = 0; m < movieCount; m++) scores[m] = _movieBiases[m] + Dot(p, _movieFactors + (long)m * _factors, _factors);
        }
        if (excludeMovieIds is not null)
        {
            foreach (int movieId in excludeMovieIds)
            {
                if (Movies.TryGetIndex(movieId, out int m)) scores[m] = float.NegativeInfinity;
            }
        }
        return TopN(scores, count, _tables.GlobalMean + user.Bias);
    }

    /// <summary>One row of a table, addressed in 64 bits: a whole table may exceed a span's 2^31 elements, a row never does.</summary>
    private ReadOnlySpan<float> Row(float* table, int index)
    {
        ThrowIfDisposed();
        return new ReadOnlySpan<float>(table + (long)index * _factors, _factors);
    }

    private ReadOnlySpan<float> Table(float* start, long length)
    {
        ThrowIfDisposed();
        return new ReadOnlySpan<float>(start, checked((int)length));
    }

    private void CheckFoldedIn(FoldedInUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!_isDotProduct) throw new NotSupportedException($"Folded-in users are scored with the dot product; head '{HeadName}' is not supported.");
        if (user.Embedding.Length != _factors)
        {
            throw new ArgumentException($"The user's embedding has {user.Embedding.Length} values; this model's embedding dimension is {_factors}.", nameof(user));
        }
    }

    /// <summary>Spans over the tables cannot hold a lease (see <see cref="Enter"/>): they check the model is not disposed when
    /// they are made, and are documented as valid until it is.</summary>
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeRequested) != 0, this);

    /// <summary>The L2 penalties in the stored trainer options (JSON), or the tuned defaults when the file does not say.</summary>
    private (float L2, float BiasL2) TrainedPenalties()
    {
        float l2 = DefaultFoldInL2, biasL2 = DefaultFoldInBiasL2;
        try
        {
            using var document = JsonDocument.Parse(TrainingOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("L2Regularization", out var value) && value.TryGetSingle(out float a)) l2 = a;
                if (document.RootElement.TryGetProperty("BiasL2Regularization", out value) && value.TryGetSingle(out float b)) biasL2 = b;
            }
        }
        catch (JsonException)
        {
            // Model files written before the options were stored as JSON hold a plain description.
        }
        return (l2, biasL2);
    }

    /// <summary>Solves A x = b in place (x in <paramref name="b"/>) for a symmetric positive definite A whose lower triangle is filled.</summary>
    private static void SolveCholesky(double[] a, double[] b, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j * n + j];
            for (int p = 0; p < j; p++) diagonal -= a[j * n + p] * a[j * n + p];
            diagonal = Math.Sqrt(Math.Max(diagonal, 1e-300));
            a[j * n + j] = diagonal;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i * n + j];
                for (int p = 0; p < j; p++) sum -= a[i * n + p] * a[j * n + p];
                a[i * n + j] = sum / diagonal;
            }
        }
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int p = 0; p < i; p++) sum -= a[i * n + p] * b[p];
            b[i] = sum / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int p = i + 1; p < n; p++) sum -= a[p * n + i] * b[p];
            b[i] = sum / a[i * n + i];
        }
    }
}
