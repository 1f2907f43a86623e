using System.Buffers;
using System.Numerics;
using System.Runtime.ExceptionServices;
using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>Serving: top-N lists for many users at once, similar movies, and a popularity-boosted ranking.</summary>
public sealed unsafe partial class FactorizationModel
{
    /// <summary>
    /// The popularity boost <see cref="WithPopularityBoost"/> uses by default: the weight w of w · ln(1 + n_i) added
    /// to a movie's ranking score, n_i being its number of training ratings.
    /// </summary>
    /// <remarks>Tuned on MovieLens 100K fold u1 for the default rating model and checked on MovieLens latest-small; see docs/benchmarks.md.</remarks>
    public const float DefaultPopularityBoost = 1f;

    // Users scored together share one pass over the movie table; movies are taken in tiles that stay in cache.
    private const int ServingUserGroup = 64;
    private const int ServingMovieTile = 256;
    private float[]? _movieNorms;

    /// <summary>
    /// Recommends <paramref name="count"/> movies to each of many users, best first, on all cores: the lists are
    /// exactly those of <see cref="Recommend(int, int, IReadOnlySet{int}?)"/> for each user, in the order of
    /// <paramref name="userIds"/>, whatever the degree of parallelism.
    /// </summary>
    /// <param name="userIds">The raw user ids; unknown users get the movies with the highest global mean + movie bias.</param>
    /// <param name="count">How many movies per user at most.</param>
    /// <param name="excludeRated">Ratings whose movies are never recommended to their own user (usually the training ratings), matched by raw id; <see langword="null"/> excludes nothing.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; 0 for one per core.</param>
    /// <param name="cancellationToken">Checked between groups of users.</param>
    /// <returns>One list per entry of <paramref name="userIds"/>.</returns>
    /// <remarks>With the dot-product head, groups of 64 users are scored in one pass over the movie table (tiles of
    /// movies that stay in cache, four users per movie row), which is what makes all 480,189 Netflix users a matter of
    /// minutes on two cores. Other heads score user by user through TorchSharp.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public IReadOnlyList<IReadOnlyList<Recommendation>> Recommend(
        IReadOnlyList<int> userIds, int count, RatingView? excludeRated = null, int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default) =>
        RecommendMany(userIds, count, excludeRated, null, maxDegreeOfParallelism, cancellationToken);

    /// <summary>Recommends <paramref name="count"/> movies to one user, leaving out the movies the user rated in <paramref name="excludeRated"/>.</summary>
    /// <param name="userId">The raw user id.</param>
    /// <param name="count">How many movies to return at most.</param>
    /// <param name="excludeRated">Ratings (usually the training ratings) whose movies rated by this user are never recommended.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, RatingView excludeRated)
    {
        ArgumentNullException.ThrowIfNull(excludeRated);
        return RecommendMany([userId], count, excludeRated, null, 1, CancellationToken.None)[0];
    }

    /// <summary>The <paramref name="count"/> movies whose learned embeddings are closest to <paramref name="movieId"/>'s by cosine similarity, most similar first.</summary>
    /// <param name="movieId">The raw movie id.</param>
    /// <param name="count">How many movies to return at most (the movie itself is never among them).</param>
    /// <returns>The similar movies, or an empty list when the model does not know <paramref name="movieId"/>.</returns>
    /// <remarks>Movies with an all-zero embedding have no direction and are never returned. Ties go to the lower movie id.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<SimilarMovie> SimilarMovies(int movieId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var lease = Enter();
        if (count == 0 || !Movies.TryGetIndex(movieId, out int target)) return [];
        float[] norms = MovieNorms();
        int movies = Movies.Count;
        var similarities = new float[movies];
        float* q = _movieFactors + (long)target * _factors;
        float targetNorm = norms[target];
        for (int m = 0; m < movies; m++)
        {
            similarities[m] = m == target || norms[m] == 0 || targetNorm == 0
                ? float.NegativeInfinity
                : Dot(q, _movieFactors + (long)m * _factors, _factors) / (targetNorm * norms[m]);
        }
        int[] best = TopList.Best(similarities, count);
        var result = new List<SimilarMovie>(best.Length);
        foreach (int m in best) result.Add(new SimilarMovie(Movies.GetId(m), similarities[m]));
        return result;
    }

    /// <summary>
    /// A view of this model whose <see cref="IRecommender.Recommend"/> ranks by the model's score plus
    /// <paramref name="weight"/> · ln(1 + n_i), n_i being the movie's number of ratings in <paramref name="train"/>;
    /// predictions are the model's own.
    /// </summary>
    /// <param name="train">The training ratings (movies are matched by raw id; movies missing from it get n_i = 0).</param>
    /// <param name="weight">The boost weight w (0 ranks exactly as the model does).</param>
    /// <remarks>
    /// A rating model trained on squared error puts obscure movies with a few high ratings at the top of its lists and
    /// loses to the most-popular list on precision@10; the boost is the documented fix (docs/models.md, "The popularity
    /// problem"). The view shares the model's tables: it must not outlive the model, and disposing it does nothing.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is negative or not finite.</exception>
    public IRecommender WithPopularityBoost(RatingView train, float weight = DefaultPopularityBoost)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!(weight >= 0) || !float.IsFinite(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The popularity boost must be a finite number >= 0.");
        using var lease = Enter();
        var counts = new int[Movies.Count];
        var source = train.Source;
        int[] map = MovieIndexMap(source);
        var movieIndices = source.MovieIndices;
        for (int i = 0; i < train.Count; i++)
        {
            int m = map[movieIndices[train.PositionAt(i)]];
            if (m >= 0) counts[m]++;
        }
        var offsets = new float[counts.Length];
        for (int m = 0; m < counts.Length; m++) offsets[m] = weight * MathF.Log(1 + counts[m]);
        return new PopularityBoostedRecommender(this, offsets);
    }

    /// <summary>The batched top-N with optional per-movie ranking offsets (the popularity boost).</summary>
    internal IReadOnlyList<IReadOnlyList<Recommendation>> RecommendMany(
        IReadOnlyList<int> userIds, int count, RatingView? excludeRated, float[]? rankingOffsets, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (maxDegreeOfParallelism is < 0 or > 1024) throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use 0 (one per core) or a positive number.");
        using var lease = Enter();
        cancellationToken.ThrowIfCancellationRequested();
        int n = userIds.Count;
        var results = new IReadOnlyList<Recommendation>[n];
        if (n == 0) return results;
        var userIndices = new int[n];
        for (int i = 0; i < n; i++) userIndices[i] = Users.TryGetIndex(userIds[i], out int u) ? u : -1;
        ExcludedMovies? excluded = excludeRated is null ? null : ExcludedMovies.Build(this, excludeRated, userIds);

        int groups = (n + ServingUserGroup - 1) / ServingUserGroup;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = OptionGuard.ResolveThreads(maxDegreeOfParallelism), CancellationToken = cancellationToken };
        int movies = Movies.Count;
        try
        {
            Parallel.For(0, groups, parallel, () => new float[ServingUserGroup * (long)movies], (g, _, scores) =>
            {
                int start = g * ServingUserGroup;
                int size = Math.Min(ServingUserGroup, n - start);
                ScoreGroup(userIndices.AsSpan(start, size), scores);
                for (int i = 0; i < size; i++)
                {
                    int k = start + i;
                    var row = scores.AsSpan(i * movies, movies);
                    results[k] = FinishList(userIndices[k], row, count, excluded is null ? default : excluded.For(k), rankingOffsets);
                }
                return scores;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return results;
    }

    /// <summary>Fills one row of model scores (movie bias + head score, without mu + b_u) per user; unknown users get the movie biases.</summary>
    private void ScoreGroup(ReadOnlySpan<int> users, float[] scores)
    {
        int movies = Movies.Count;
        if (!_isDotProduct)
        {
            for (int i = 0; i < users.Length; i++)
            {
                var row = scores.AsSpan(i * movies, movies);
                if (users[i] < 0)
                {
                    new ReadOnlySpan<float>(_movieBiases, movies).CopyTo(row);
                    continue;
                }
                HeadScoresForUser(users[i], row);
                for (int m = 0; m < movies; m++) row[m] += _movieBiases[m];
            }
            return;
        }

        // Known users in tiles of four; the arithmetic per (user, movie) is exactly that of Dot, so the scores (and the
        // lists) are bit-for-bit those of the one-user Recommend.
        Span<int> tile = stackalloc int[4];
        Span<int> rows = stackalloc int[4];
        fixed (float* scoreBase = scores)
        {
            int known = 0;
            for (int i = 0; i < users.Length; i++)
            {
                if (users[i] < 0)
                {
                    new ReadOnlySpan<float>(_movieBiases, movies).CopyTo(scores.AsSpan(i * movies, movies));
                    continue;
                }
                tile[known] = users[i];
                rows[known] = i;
                if (++known == 4)
                {
                    ScoreTile(tile, rows, 4, scoreBase, movies);
                    known = 0;
                }
            }
            if (known > 0) ScoreTile(tile, rows, known, scoreBase, movies);
        }
    }

    private void ScoreTile(ReadOnlySpan<int> users, ReadOnlySpan<int> rows, int size, float* scores, int movies)
    {
        int k = _factors;
        float* p0 = _userFactors + (long)users[0] * k;
        float* p1 = size > 1 ? _userFactors + (long)users[1] * k : p0;
        float* p2 = size > 2 ? _userFactors + (long)users[2] * k : p0;
        float* p3 = size > 3 ? _userFactors + (long)users[3] * k : p0;
        float* s0 = scores + (long)rows[0] * movies;
        float* s1 = size > 1 ? scores + (long)rows[1] * movies : null;
        float* s2 = size > 2 ? scores + (long)rows[2] * movies : null;
        float* s3 = size > 3 ? scores + (long)rows[3] * movies : null;
        int w = Vector<float>.Count;
        for (int m = 0; m < movies; m++)
        {
            float* q = _movieFactors + (long)m * k;
            var a0 = Vector<float>.Zero;
            var a1 = Vector<float>.Zero;
            var a2 = Vector<float>.Zero;
            var a3 = Vector<float>.Zero;
            int i = 0;
            for (; i <= k - w; i += w)
            {
                var vq = Vector.Load(q + i);
                a0 += Vector.Load(p0 + i) * vq;
                a1 += Vector.Load(p1 + i) * vq;
                a2 += Vector.Load(p2 + i) * vq;
                a3 += Vector.Load(p3 + i) * vq;
            }
            float d0 = Vector.Sum(a0), d1 = Vector.Sum(a1), d2 = Vector.Sum(a2), d3 = Vector.Sum(a3);
            for (; i < k; i++)
            {
                d0 += p0[i] * q[i];
                d1 += p1[i] * q[i];
                d2 += p2[i] * q[i];
                d3 += p3[i] * q[i];
            }
            float bias = _movieBiases[m];
            s0[m] = bias + d0;
            if (s1 is not null) s1[m] = bias + d1;
            if (s2 is not null) s2[m] = bias + d2;
            if (s3 is not null) s3[m] = bias + d3;
        }
    }

    /// <summary>Excludes, boosts and picks the top of one user's scores, as the one-user Recommend does.</summary>
    private List<Recommendation> FinishList(int userIndex, Span<float> scores, int count, ReadOnlySpan<int> excludedMovies, float[]? rankingOffsets)
    {
        if (count == 0 || scores.Length == 0) return [];
        foreach (int m in excludedMovies) scores[m] = float.NegativeInfinity;
        float offset = _tables.GlobalMean + (userIndex >= 0 ? _userBiases[userIndex] : 0f);
        int[] best;
        if (rankingOffsets is null)
        {
            best = TopList.Best(scores, count);
        }
        else
        {
            // Pooled: this runs once per user when a whole catalogue is served with a popularity boost.
            float[] ranked = ArrayPool<float>.Shared.Rent(scores.Length);
            try
            {
                for (int m = 0; m < scores.Length; m++) ranked[m] = scores[m] + rankingOffsets[m];
                best = TopList.Best(ranked.AsSpan(0, scores.Length), count);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(ranked);
            }
        }
        var result = new List<Recommendation>(best.Length);
        foreach (int m in best) result.Add(new Recommendation(Movies.GetId(m), Scale.Clamp(scores[m] + offset)));
        return result;
    }

    private float[] MovieNorms()
    {
        if (_movieNorms is { } cached) return cached;
        var norms = new float[Movies.Count];
        for (int m = 0; m < norms.Length; m++)
        {
            float* q = _movieFactors + (long)m * _factors;
            norms[m] = MathF.Sqrt(Dot(q, q, _factors));
        }
        return _movieNorms = norms;
    }

    /// <summary>This model's dense movie index of each movie of <paramref name="source"/> (-1 when unknown).</summary>
    private int[] MovieIndexMap(RatingSet source)
    {
        var map = new int[source.Movies.Count];
        for (int i = 0; i < map.Length; i++) map[i] = Movies.TryGetIndex(source.Movies.GetId(i), out int m) ? m : -1;
        return map;
    }

    /// <summary>The model's movie indices each requested user rated in an exclusion view, grouped by request position.</summary>
    private sealed class ExcludedMovies
    {
        private readonly int[] _requestRow;
        private readonly int[] _offsets;
        private readonly int[] _movies;

        private ExcludedMovies(int[] requestRow, int[] offsets, int[] movies)
        {
            _requestRow = requestRow;
            _offsets = offsets;
            _movies = movies;
        }

        public ReadOnlySpan<int> For(int request)
        {
            int row = _requestRow[request];
            return row < 0 ? default : _movies.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);
        }

        public static ExcludedMovies Build(FactorizationModel model, RatingView view, IReadOnlyList<int> userIds)
        {
            var source = view.Source;
            int[] movieMap = model.MovieIndexMap(source);
            // Rows are the view's users that were asked for; a user asked for twice shares its row.
            var rowOfUser = new int[source.Users.Count];
            Array.Fill(rowOfUser, -1);
            var requestRow = new int[userIds.Count];
            int rows = 0;
            for (int i = 0; i < userIds.Count; i++)
            {
                if (!source.Users.TryGetIndex(userIds[i], out int u))
                {
                    requestRow[i] = -1;
                    continue;
                }
                if (rowOfUser[u] < 0) rowOfUser[u] = rows++;
                requestRow[i] = rowOfUser[u];
            }
            var offsets = new int[rows + 1];
            var userIndices = source.UserIndices;
            var movieIndices = source.MovieIndices;
            for (int i = 0; i < view.Count; i++)
            {
                int p = view.PositionAt(i);
                int row = rowOfUser[userIndices[p]];
                if (row >= 0 && movieMap[movieIndices[p]] >= 0) offsets[row + 1]++;
            }
            for (int r = 0; r < rows; r++) offsets[r + 1] += offsets[r];
            var fill = offsets.AsSpan(0, rows).ToArray();
            var movies = new int[offsets[rows]];
            for (int i = 0; i < view.Count; i++)
            {
                int p = view.PositionAt(i);
                int row = rowOfUser[userIndices[p]];
                int m = movieMap[movieIndices[p]];
                if (row >= 0 && m >= 0) movies[fill[row]++] = m;
            }
            return new ExcludedMovies(requestRow, offsets, movies);
        }
    }

    /// <summary>The model's predictions with a popularity-boosted ranking (see <see cref="WithPopularityBoost"/>).</summary>
    private sealed class PopularityBoostedRecommender(FactorizationModel model, float[] offsets) : IRecommender
    {
        public bool IsKnownUser(int userId) => model.IsKnownUser(userId);

        public bool IsKnownMovie(int movieId) => model.IsKnownMovie(movieId);

        public float Predict(int userId, int movieId) => model.Predict(userId, movieId);

        public Prediction PredictDetailed(int userId, int movieId) => model.PredictDetailed(userId, movieId);

        public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions) => model.Predict(userIds, movieIds, predictions);

        public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            using var lease = model.Enter();
            int movies = model.Movies.Count;
            var scores = new float[movies];
            bool known = model.Users.TryGetIndex(userId, out int u);
            model.ScoreGroup([known ? u : -1], scores);
            var excluded = new List<int>();
            if (excludeMovieIds is not null)
            {
                foreach (int movieId in excludeMovieIds)
                {
                    if (model.Movies.TryGetIndex(movieId, out int m)) excluded.Add(m);
                }
            }
            return model.FinishList(known ? u : -1, scores, count, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(excluded), offsets);
        }

        public void Dispose()
        {
            // A view: the model owns the tables.
        }
    }
}
