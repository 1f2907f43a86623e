using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>
/// Trains the dot-product model for ranking with BPR (Rendle et al. 2009) by SGD on the CPU: for a positive (u, i) and
/// a sampled negative j, it maximizes ln σ(x_ui − x_uj) with x_ui = b_i + p_u · q_i, updating the float32 tables of
/// <see cref="FactorTables"/> in place with SIMD over the factor dimension.
/// </summary>
/// <remarks>
/// <para>The parallel schedule is the block grid of <see cref="FusedDotProductEpochRunner"/> (FPSG, Chin et al. 2015):
/// the positives are cut into G x G (user range, movie set) blocks and each epoch walks G diagonals whose blocks share
/// no user and no movie. A negative is drawn from the movie set of the positive's own block, so an update still touches
/// only rows of its block; the grid size depends on the data alone, so the result is the same for any thread count. The movie sets
/// are a seeded random deal of the catalogue into G equal parts, so drawing uniformly inside the set is close to drawing
/// uniformly over all movies.</para>
/// <para>User biases and the global mean cancel out of x_ui − x_uj and are left untouched. The epoch's "error" is the
/// summed BPR loss −ln σ(x_ui − x_uj).</para>
/// </remarks>
internal sealed unsafe class FusedBprEpochRunner : IEpochRunner
{
    private const int PrefetchDistance = 4;
    private const int MinAutoGrid = 5;
    private const int MaxAutoGrid = 16;
    private const int PositivesPerAutoBlock = 4096;
    private const int RejectionAttempts = 8;

    private readonly FactorTables _tables;
    private readonly FusedBprSettings _settings;
    private readonly int _factors;
    private readonly Pair[] _pairs;
    private readonly int[] _blockStarts;
    private readonly int[] _blockMovieStarts;
    private readonly int[] _blockMovies;
    private readonly int[] _userPositiveStarts;
    private readonly int[] _userPositives;
    private readonly double[] _blockLosses;
    private readonly int _users;
    private bool _disposed;

    /// <summary>Picks the positives of <paramref name="train"/> and buckets them into the block grid.</summary>
    /// <exception cref="ArgumentException">No training pair reaches the positive threshold.</exception>
    public FusedBprEpochRunner(RatingView train, FactorTables tables, FusedBprSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int users = train.Source.Users.Count;
        int movies = train.Source.Movies.Count;
        if (tables.UserFactors.shape[0] < users || tables.MovieFactors.shape[0] < movies || tables.MovieBiases.shape[0] < movies
            || tables.MovieFactors.shape[1] != tables.UserFactors.shape[1])
        {
            throw new ArgumentException("The tables do not match the training data.", nameof(tables));
        }
        _tables = tables;
        _settings = settings;
        _factors = tables.Factors;

        int[] positions = Positives(train, settings.PositiveThreshold);
        if (positions.Length == 0)
        {
            throw new ArgumentException($"No training rating reaches RankingObjectiveOptions.PositiveThreshold {settings.PositiveThreshold}: the ranking objective has no positives.", nameof(train));
        }
        GridSize = settings.GridSize > 0 ? settings.GridSize : AutoGridSize(positions.Length);
        GridSize = Math.Min(GridSize, Math.Max(1, movies));
        (_blockMovieStarts, _blockMovies, int[] movieBlock) = DealMovies(movies, GridSize, settings.Seed);
        (_pairs, _blockStarts) = BuildGrid(train.Source, positions, users, movieBlock, GridSize);
        (_userPositiveStarts, _userPositives) = GroupByColumnAndUser(train.Source, positions, users, movieBlock, GridSize);
        _users = users;
        PositiveCount = positions.Length;
        _blockLosses = new double[GridSize * GridSize];
    }

    /// <summary>Rows (and columns) of the block grid.</summary>
    public int GridSize { get; }

    /// <summary>The number of positive pairs one epoch visits.</summary>
    public int PositiveCount { get; }

    /// <inheritdoc />
    public EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!(learningRate > 0) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number > 0.");
        cancellationToken.ThrowIfCancellationRequested();

        int grid = GridSize;
        Array.Clear(_blockLosses);

        fixed (Pair* pairs = _pairs)
        fixed (int* blockMovies = _blockMovies)
        fixed (int* userPositiveStarts = _userPositiveStarts)
        fixed (int* userPositives = _userPositives)
        {
            var kernel = new Kernel
            {
                UserFactors = TensorMemory.FloatPointer(_tables.UserFactors),
                MovieFactors = TensorMemory.FloatPointer(_tables.MovieFactors),
                MovieBiases = TensorMemory.FloatPointer(_tables.MovieBiases),
                UserPositiveStarts = userPositiveStarts,
                UserPositives = userPositives,
                Factors = _factors,
                LearningRate = learningRate,
                L2Factors = _settings.L2Factors,
                L2Biases = _settings.L2Biases,
                NegativeSamples = _settings.NegativeSamples,
            };
            foreach (int[] blocks in DiagonalSchedule.Diagonals(grid, SeededRandom.For(_settings.Seed ^ 0x5BD1_E995_0000_0000UL, (ulong)epoch)))
            {
                var pairsAddress = (nint)pairs;
                var moviesAddress = (nint)blockMovies;
                DiagonalSchedule.Run(blocks, _settings.Threads, (block, _) => RunBlock(kernel, (Pair*)pairsAddress, (int*)moviesAddress, block, epoch), 0, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        double sum = 0;
        foreach (double loss in _blockLosses) sum += loss;
        return new EpochRunResult(sum, _pairs.Length);
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;

    /// <summary>One BPR step on (u, i, j) with the plain (scalar) update rule: the reference the tests check the kernel against.</summary>
    /// <returns>The loss −ln σ(x_ui − x_uj) before the step.</returns>
    internal static double ReferenceStep(float[] p, float[] qi, float[] qj, ref float bi, ref float bj, float learningRate, float l2Factors, float l2Biases)
    {
        double xui = bi, xuj = bj;
        for (int f = 0; f < p.Length; f++)
        {
            xui += p[f] * qi[f];
            xuj += p[f] * qj[f];
        }
        double x = xui - xuj;
        double g = 1 / (1 + Math.Exp(x));
        for (int f = 0; f < p.Length; f++)
        {
            double pu = p[f], a = qi[f], b = qj[f];
            p[f] = (float)(pu + learningRate * (g * (a - b) - l2Factors * pu));
            qi[f] = (float)(a + learningRate * (g * pu - l2Factors * a));
            qj[f] = (float)(b + learningRate * (-g * pu - l2Factors * b));
        }
        bi = (float)(bi + learningRate * (g - l2Biases * bi));
        bj = (float)(bj + learningRate * (-g - l2Biases * bj));
        return Math.Log(1 + Math.Exp(-x));
    }

    /// <summary>Runs the kernel on one explicit (user, positive, negative) triple, for the gradient tests.</summary>
    internal double StepForTest(int userIndex, int positiveIndex, int negativeIndex, float learningRate)
    {
        var kernel = new Kernel
        {
            UserFactors = TensorMemory.FloatPointer(_tables.UserFactors),
            MovieFactors = TensorMemory.FloatPointer(_tables.MovieFactors),
            MovieBiases = TensorMemory.FloatPointer(_tables.MovieBiases),
            Factors = _factors,
            LearningRate = learningRate,
            L2Factors = _settings.L2Factors,
            L2Biases = _settings.L2Biases,
            NegativeSamples = 1,
        };
        return kernel.Step(userIndex, positiveIndex, negativeIndex);
    }


    private void RunBlock(Kernel kernel, Pair* pairs, int* blockMovies, int block, int epoch)
    {
        int start = _blockStarts[block];
        int count = _blockStarts[block + 1] - start;
        if (count == 0) return;
        int column = block % GridSize;
        int movieStart = _blockMovieStarts[column];
        int movieCount = _blockMovieStarts[column + 1] - movieStart;
        var random = SeededRandom.For(_settings.Seed, ((ulong)epoch << 32) | (uint)(block + 1));
        Pair* first = pairs + start;
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (first[i], first[j]) = (first[j], first[i]);
        }
        _blockLosses[block] = kernel.Run(first, count, blockMovies + movieStart, movieCount, column * (_users + 1), ref random);
    }

    private static int[] Positives(RatingView train, float? threshold)
    {
        var ratings = train.Source.Ratings;
        int n = train.Count;
        if (threshold is not float minimum)
        {
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = train.PositionAt(i);
            return all;
        }
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (ratings[train.PositionAt(i)] >= minimum) kept++;
        }
        var positions = new int[kept];
        kept = 0;
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            if (ratings[p] >= minimum) positions[kept++] = p;
        }
        return positions;
    }

    /// <summary>The grid size from the data alone, never from the thread count, so any thread count gives the same bits.</summary>
    private static int AutoGridSize(int positives)
    {
        int bySize = (int)Math.Sqrt(positives / (double)PositivesPerAutoBlock);
        return Math.Clamp(bySize, MinAutoGrid, MaxAutoGrid);
    }

    /// <summary>Deals the movies into <paramref name="grid"/> sets of (nearly) equal size after a seeded shuffle.</summary>
    private static (int[] Starts, int[] Movies, int[] BlockOfMovie) DealMovies(int movies, int grid, ulong seed)
    {
        var order = new int[movies];
        for (int i = 0; i < movies; i++) order[i] = i;
        SeededRandom.For(seed, 0xB10C_5EEDUL).Shuffle(order);
        var blockOfMovie = new int[movies];
        var starts = new int[grid + 1];
        for (int b = 0; b <= grid; b++) starts[b] = (int)((long)movies * b / grid);
        for (int b = 0; b < grid; b++)
        {
            var members = order.AsSpan(starts[b], starts[b + 1] - starts[b]);
            // Sorted members keep a block's rows in ascending memory order.
            members.Sort();
            foreach (int m in members) blockOfMovie[m] = b;
        }
        return (starts, order, blockOfMovie);
    }

    private static (Pair[] Pairs, int[] BlockStarts) BuildGrid(RatingSet source, int[] positions, int users, int[] movieBlock, int grid)
    {
        var userIndices = source.UserIndices;
        var movieIndices = source.MovieIndices;
        var userCounts = new int[users];
        foreach (int p in positions) userCounts[userIndices[p]]++;
        // Contiguous user ranges cut at equal positive counts keep the blocks balanced when activity is skewed.
        var userBlock = new int[users];
        long seen = 0, total = positions.Length;
        for (int u = 0; u < users; u++)
        {
            long middle = 2 * seen + userCounts[u];
            userBlock[u] = (int)Math.Min(grid - 1, middle * grid / (2 * total));
            seen += userCounts[u];
        }

        var blockStarts = new int[grid * grid + 1];
        foreach (int p in positions) blockStarts[userBlock[userIndices[p]] * grid + movieBlock[movieIndices[p]] + 1]++;
        for (int b = 0; b < grid * grid; b++) blockStarts[b + 1] += blockStarts[b];
        var fill = blockStarts.AsSpan(0, grid * grid).ToArray();
        var pairs = new Pair[positions.Length];
        foreach (int p in positions)
        {
            int u = userIndices[p], m = movieIndices[p];
            pairs[fill[userBlock[u] * grid + movieBlock[m]]++] = new Pair { User = u, Movie = m };
        }
        return (pairs, blockStarts);
    }

    /// <summary>
    /// Each user's positive movies within each movie set (grid column), sorted: a negative is drawn from the column of
    /// its positive, so rejecting the user's own positives needs only this short list (a cache line or two), not the
    /// user's whole history. Entry c * (users + 1) + u of the starts opens user u's list in column c.
    /// </summary>
    private static (int[] Starts, int[] Movies) GroupByColumnAndUser(RatingSet source, int[] positions, int users, int[] movieBlock, int grid)
    {
        var userIndices = source.UserIndices;
        var movieIndices = source.MovieIndices;
        long stride = users + 1L;
        var starts = new int[checked((int)(grid * stride))];
        foreach (int p in positions) starts[movieBlock[movieIndices[p]] * stride + userIndices[p] + 1]++;
        int running = 0;
        for (int c = 0; c < grid; c++)
        {
            long row = c * stride;
            starts[row] += running;
            for (int u = 0; u < users; u++) starts[row + u + 1] += starts[row + u];
            running = starts[row + users];
        }
        var fill = new int[starts.Length];
        Array.Copy(starts, fill, starts.Length);
        var movies = new int[positions.Length];
        foreach (int p in positions) movies[fill[movieBlock[movieIndices[p]] * stride + userIndices[p]]++] = movieIndices[p];
        for (int c = 0; c < grid; c++)
        {
            long row = c * stride;
            for (int u = 0; u < users; u++) movies.AsSpan(starts[row + u], starts[row + u + 1] - starts[row + u]).Sort();
        }
        return (starts, movies);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Pair
    {
        public int User;
        public int Movie;
    }

    private struct Kernel
    {
        public float* UserFactors;
        public float* MovieFactors;
        public float* MovieBiases;
        public int* UserPositiveStarts;
        public int* UserPositives;
        public int Factors;
        public float LearningRate;
        public float L2Factors;
        public float L2Biases;
        public int NegativeSamples;

        public readonly double Run(Pair* pairs, int count, int* movies, int movieCount, int columnOffset, ref SeededRandom random)
        {
            int k = Factors;
            int rowBytes = k * sizeof(float);
            double loss = 0;
            int* starts = UserPositiveStarts + columnOffset;
            for (int n = 0; n < count; n++)
            {
                // Two stages: the start of a user's positive list first, then (once it is in cache) the list itself.
                if (Sse.IsSupported && n + 2 * PrefetchDistance < count) Sse.Prefetch0(starts + pairs[n + 2 * PrefetchDistance].User);
                if (Sse.IsSupported && n + PrefetchDistance < count)
                {
                    Pair ahead = pairs[n + PrefetchDistance];
                    byte* pu = (byte*)(UserFactors + (long)ahead.User * k);
                    byte* qi = (byte*)(MovieFactors + (long)ahead.Movie * k);
                    for (int offset = 0; offset < rowBytes; offset += 64)
                    {
                        Sse.Prefetch0(pu + offset);
                        Sse.Prefetch0(qi + offset);
                    }
                    Sse.Prefetch0(MovieBiases + ahead.Movie);
                    Sse.Prefetch0(UserPositives + starts[ahead.User]);
                }
                Pair pair = pairs[n];
                int negative = SampleNegative(pair.User, starts + pair.User, movies, movieCount, ref random);
                if (negative < 0) continue;
                loss += Step(pair.User, pair.Movie, negative);
            }
            return loss;
        }

        private readonly int SampleNegative(int user, int* userStart, int* movies, int movieCount, ref SeededRandom random)
        {
            int start = userStart[0];
            var positives = new ReadOnlySpan<int>(UserPositives + start, userStart[1] - start);
            int best = -1;
            float bestScore = float.NegativeInfinity;
            for (int s = 0; s < NegativeSamples; s++)
            {
                int candidate = -1;
                for (int attempt = 0; attempt < RejectionAttempts; attempt++)
                {
                    int m = movies[random.NextInt(movieCount)];
                    if (positives.BinarySearch(m) < 0)
                    {
                        candidate = m;
                        break;
                    }
                }
                if (candidate < 0) continue;
                if (NegativeSamples == 1) return candidate;
                float score = MovieBiases[candidate] + Dot(UserFactors + (long)user * Factors, MovieFactors + (long)candidate * Factors, Factors);
                if (score > bestScore)
                {
                    bestScore = score;
                    best = candidate;
                }
            }
            return best;
        }

        /// <summary>One SGD step on −ln σ(x_ui − x_uj) + L2; returns the loss before the step.</summary>
        public readonly double Step(int user, int positive, int negative)
        {
            int k = Factors;
            float* p = UserFactors + (long)user * k;
            float* qi = MovieFactors + (long)positive * k;
            float* qj = MovieFactors + (long)negative * k;
            float x = MovieBiases[positive] - MovieBiases[negative] + DotPair(p, qi, qj, k, out float dotJ) - dotJ;
            // g = σ(−x) = ∂ln σ(x)/∂x; loss = softplus(−x), both computed without overflow.
            float g, loss;
            if (x >= 0)
            {
                float e = MathF.Exp(-x);
                g = e / (1 + e);
                loss = MathF.Log(1 + e);
            }
            else
            {
                float e = MathF.Exp(x);
                g = 1 / (1 + e);
                loss = -x + MathF.Log(1 + e);
            }
            float lr = LearningRate;
            MovieBiases[positive] += lr * (g - L2Biases * MovieBiases[positive]);
            MovieBiases[negative] += lr * (-g - L2Biases * MovieBiases[negative]);

            // p' = p (1 - lr l2) + lr g (q_i - q_j); q_i' = q_i (1 - lr l2) + lr g p; q_j' = q_j (1 - lr l2) - lr g p; all from the old values.
            var vShrink = new Vector<float>(1 - lr * L2Factors);
            var vStep = new Vector<float>(lr * g);
            int f = 0;
            for (; f <= k - Vector<float>.Count; f += Vector<float>.Count)
            {
                var vp = Vector.Load(p + f);
                var vi = Vector.Load(qi + f);
                var vj = Vector.Load(qj + f);
                Vector.Store(Vector.FusedMultiplyAdd(vStep, vi - vj, vp * vShrink), p + f);
                Vector.Store(Vector.FusedMultiplyAdd(vStep, vp, vi * vShrink), qi + f);
                Vector.Store(vj * vShrink - vStep * vp, qj + f);
            }
            float shrink = 1 - lr * L2Factors, step = lr * g;
            for (; f < k; f++)
            {
                float pu = p[f], a = qi[f], b = qj[f];
                p[f] = pu * shrink + step * (a - b);
                qi[f] = a * shrink + step * pu;
                qj[f] = b * shrink - step * pu;
            }
            return loss;
        }

        /// <summary>p · q_i and p · q_j in one pass over p, each summed exactly as <see cref="Dot"/> sums it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float DotPair(float* p, float* qi, float* qj, int k, out float dotJ)
        {
            var i0 = Vector<float>.Zero;
            var i1 = Vector<float>.Zero;
            var j0 = Vector<float>.Zero;
            var j1 = Vector<float>.Zero;
            int w = Vector<float>.Count;
            int f = 0;
            for (; f <= k - 2 * w; f += 2 * w)
            {
                var p0 = Vector.Load(p + f);
                var p1 = Vector.Load(p + f + w);
                i0 = Vector.FusedMultiplyAdd(p0, Vector.Load(qi + f), i0);
                i1 = Vector.FusedMultiplyAdd(p1, Vector.Load(qi + f + w), i1);
                j0 = Vector.FusedMultiplyAdd(p0, Vector.Load(qj + f), j0);
                j1 = Vector.FusedMultiplyAdd(p1, Vector.Load(qj + f + w), j1);
            }
            for (; f <= k - w; f += w)
            {
                var p0 = Vector.Load(p + f);
                i0 = Vector.FusedMultiplyAdd(p0, Vector.Load(qi + f), i0);
                j0 = Vector.FusedMultiplyAdd(p0, Vector.Load(qj + f), j0);
            }
            float sumI = Vector.Sum(i0 + i1);
            float sumJ = Vector.Sum(j0 + j1);
            for (; f < k; f++)
            {
                sumI += p[f] * qi[f];
                sumJ += p[f] * qj[f];
            }
            dotJ = sumJ;
            return sumI;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Dot(float* a, float* b, int k)
        {
            var sum0 = Vector<float>.Zero;
            var sum1 = Vector<float>.Zero;
            int w = Vector<float>.Count;
            int i = 0;
            for (; i <= k - 2 * w; i += 2 * w)
            {
                sum0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), sum0);
                sum1 = Vector.FusedMultiplyAdd(Vector.Load(a + i + w), Vector.Load(b + i + w), sum1);
            }
            for (; i <= k - w; i += w) sum0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), sum0);
            float sum = Vector.Sum(sum0 + sum1);
            for (; i < k; i++) sum += a[i] * b[i];
            return sum;
        }
    }
}
