using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NetflixMf.Data;
using NetflixMf.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Training;

/// <summary>
/// Trains the biased dot-product model r = mu + b_u + b_i + p_u . q_i (Koren 2009) by SGD on the CPU, updating the
/// float32 tensors of <see cref="FactorTables"/> in place through raw pointers with SIMD over the factor dimension.
/// </summary>
/// <remarks>
/// The ratings are cut once into a G x G grid of (user range, movie range) blocks and stored block by block as compact
/// (user, movie, rating) triples, as FPSG does (Chin et al. 2015, LIBMF): a block touches few rows, so they stay in
/// cache. Each epoch walks G "diagonals" of the grid (after a seeded permutation of block rows and columns); the G
/// blocks of a diagonal share no user and no movie, so threads take them in any order and the result is still the same
/// as a sequential run: the schedule is deterministic for a seed and grid size, whatever the thread count. Ratings are
/// reshuffled inside each block every epoch, and the next ratings' rows are prefetched while one is updated, which is
/// where most of the speed over a plain shuffled loop comes from.
/// </remarks>
internal sealed unsafe class FusedDotProductEpochRunner : IEpochRunner
{
    private const int PrefetchDistance = 4;
    private const int MaxAutoGrid = 16;
    private const int RatingsPerAutoBlock = 4096;

    private readonly FactorTables _tables;
    private readonly FusedDotProductSettings _settings;
    private readonly int _factors;
    private readonly Entry[] _entries;
    private readonly int[] _blockStarts;
    private readonly RowState[] _userStates;
    private readonly RowState[] _movieStates;
    private readonly double[] _blockErrors;
    private float* _userIterate;
    private float* _movieIterate;
    private bool _averaged;
    private bool _disposed;

    /// <summary>Buckets the training ratings into the block grid; the tables are updated by <see cref="RunEpoch"/>.</summary>
    public FusedDotProductEpochRunner(RatingView train, FactorTables tables, FusedDotProductSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int users = train.Source.Users.Count;
        int movies = train.Source.Movies.Count;
        RequireTable(tables.UserFactors, nameof(tables.UserFactors), 2, users);
        RequireTable(tables.MovieFactors, nameof(tables.MovieFactors), 2, movies);
        RequireTable(tables.UserBiases, nameof(tables.UserBiases), 1, users);
        RequireTable(tables.MovieBiases, nameof(tables.MovieBiases), 1, movies);
        if (tables.MovieFactors.shape[1] != tables.UserFactors.shape[1])
        {
            throw new ArgumentException($"MovieFactors has {tables.MovieFactors.shape[1]} factors but UserFactors has {tables.UserFactors.shape[1]}.", nameof(tables));
        }

        _tables = tables;
        _settings = settings;
        _factors = tables.Factors;
        _userStates = new RowState[tables.UserBiases.shape[0]];
        _movieStates = new RowState[tables.MovieBiases.shape[0]];
        Array.Fill(_userStates, new RowState { FactorSquares = 1, BiasSquares = 1 });
        Array.Fill(_movieStates, new RowState { FactorSquares = 1, BiasSquares = 1 });

        GridSize = settings.GridSize > 0 ? settings.GridSize : AutoGridSize(train.Count, settings.Threads);
        (_entries, _blockStarts, int[] userCounts, int[] movieCounts) = BuildGrid(train, users, movies, GridSize);
        SetL2Scales(_userStates, userCounts, settings.RegularizationExponent);
        SetL2Scales(_movieStates, movieCounts, settings.RegularizationExponent);
        _blockErrors = new double[GridSize * GridSize];
    }

    /// <summary>Rows (and columns) of the block grid.</summary>
    public int GridSize { get; }

    /// <summary>Called after each block (tests use it to cancel in the middle of an epoch).</summary>
    internal Action? BlockFinished { get; set; }

    /// <summary>The number of ratings in block (<paramref name="userBlock"/>, <paramref name="movieBlock"/>).</summary>
    internal int BlockCount(int userBlock, int movieBlock)
    {
        int b = userBlock * GridSize + movieBlock;
        return _blockStarts[b + 1] - _blockStarts[b];
    }

    /// <summary>The (user index, movie index, rating) triples of one block in their current order.</summary>
    internal IEnumerable<(int UserIndex, int MovieIndex, float Rating)> BlockRatings(int userBlock, int movieBlock)
    {
        int b = userBlock * GridSize + movieBlock;
        for (int i = _blockStarts[b]; i < _blockStarts[b + 1]; i++) yield return (_entries[i].User, _entries[i].Movie, _entries[i].Rating);
    }

    /// <inheritdoc />
    public EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!(learningRate > 0) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number > 0.");
        cancellationToken.ThrowIfCancellationRequested();

        int grid = GridSize;
        var random = new SplitMix64(Mix(_settings.Seed, (ulong)epoch, 0x9E37_79B9_7F4A_7C15UL));
        int[] rowOrder = random.Permutation(grid);
        int[] columnOrder = random.Permutation(grid);
        int[] diagonalOrder = random.Permutation(grid);
        Array.Clear(_blockErrors);

        bool averaging = _settings.AveragingDecay > 0;
        if (!averaging) CopyBiases(toStates: true);
        else if (_userIterate is null) StartIterate();
        bool completed = false;
        try
        {
            fixed (RowState* userStates = _userStates)
            fixed (RowState* movieStates = _movieStates)
            fixed (Entry* entries = _entries)
            {
                var kernel = new Kernel
                {
                    UserFactors = averaging ? _userIterate : TablePointer(_tables.UserFactors),
                    MovieFactors = averaging ? _movieIterate : TablePointer(_tables.MovieFactors),
                    UserStates = userStates,
                    MovieStates = movieStates,
                    Factors = _factors,
                    GlobalMean = _tables.GlobalMean,
                    LearningRate = learningRate,
                    L2Factors = _settings.L2Factors,
                    L2Biases = _settings.L2Biases,
                    Adaptive = _settings.AdaptiveSteps,
                };
                var blocks = new int[grid];
                foreach (int diagonal in diagonalOrder)
                {
                    for (int i = 0; i < grid; i++) blocks[i] = rowOrder[i] * grid + columnOrder[(i + diagonal) % grid];
                    RunDiagonal(kernel, entries, blocks, epoch, cancellationToken);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            completed = true;
        }
        finally
        {
            // Without averaging the tables are the iterate and must hold its biases even after a cancellation; with
            // averaging they keep the last completed average.
            if (!averaging) CopyBiases(toStates: false);
            else if (completed) Average(_averaged ? _settings.AveragingDecay : 0);
        }

        double sum = 0;
        foreach (double e in _blockErrors) sum += e;
        return new EpochRunResult(sum, _entries.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        System.Runtime.InteropServices.NativeMemory.AlignedFree(_userIterate);
        System.Runtime.InteropServices.NativeMemory.AlignedFree(_movieIterate);
        _userIterate = null;
        _movieIterate = null;
    }

    private static float* TablePointer(Tensor tensor) => NetflixMf.Shared.TensorMemory.FloatPointer(tensor);

    /// <summary>Copies the tables into the private SGD iterate that averaging trains on.</summary>
    private void StartIterate()
    {
        long userFloats = _tables.UserFactors.numel();
        long movieFloats = _tables.MovieFactors.numel();
        // 64-byte alignment puts each row of 16k floats on its own cache lines.
        _userIterate = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(userFloats * sizeof(float)), 64);
        _movieIterate = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(movieFloats * sizeof(float)), 64);
        Buffer.MemoryCopy(TablePointer(_tables.UserFactors), _userIterate, userFloats * sizeof(float), userFloats * sizeof(float));
        Buffer.MemoryCopy(TablePointer(_tables.MovieFactors), _movieIterate, movieFloats * sizeof(float), movieFloats * sizeof(float));
        CopyBiases(toStates: true);
    }

    /// <summary>table = decay * table + (1 - decay) * iterate: the exponential average of the epochs' end points.</summary>
    private void Average(float decay)
    {
        _averaged = true;
        AverageInto(TablePointer(_tables.UserFactors), _userIterate, _tables.UserFactors.numel(), decay);
        AverageInto(TablePointer(_tables.MovieFactors), _movieIterate, _tables.MovieFactors.numel(), decay);
        var users = MemoryMarshal.Cast<byte, float>(_tables.UserBiases.bytes);
        var movies = MemoryMarshal.Cast<byte, float>(_tables.MovieBiases.bytes);
        for (int i = 0; i < users.Length; i++) users[i] = decay * users[i] + (1 - decay) * _userStates[i].Bias;
        for (int i = 0; i < movies.Length; i++) movies[i] = decay * movies[i] + (1 - decay) * _movieStates[i].Bias;
    }

    private static void AverageInto(float* average, float* iterate, long count, float decay)
    {
        var vDecay = new Vector<float>(decay);
        var vKeep = new Vector<float>(1 - decay);
        long i = 0;
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector.Store(Vector.FusedMultiplyAdd(vDecay, Vector.Load(average + i), vKeep * Vector.Load(iterate + i)), average + i);
        }
        for (; i < count; i++) average[i] = decay * average[i] + (1 - decay) * iterate[i];
    }

    private void RunDiagonal(Kernel kernel, Entry* entries, int[] blocks, int epoch, CancellationToken cancellationToken)
    {
        int threads = Math.Min(_settings.Threads, blocks.Length);
        if (threads == 1)
        {
            foreach (int b in blocks)
            {
                if (cancellationToken.IsCancellationRequested) return;
                RunBlock(kernel, entries, b, epoch);
            }
            return;
        }

        // Blocks of one diagonal share no rows: any thread may take any block without changing the result.
        int next = -1;
        var entriesAddress = (nint)entries;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            while (true)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= blocks.Length || cancellationToken.IsCancellationRequested) return;
                RunBlock(kernel, (Entry*)entriesAddress, blocks[i], epoch);
            }
        });
    }

    private void RunBlock(Kernel kernel, Entry* entries, int block, int epoch)
    {
        int start = _blockStarts[block];
        int count = _blockStarts[block + 1] - start;
        if (count == 0) return;
        var random = new SplitMix64(Mix(_settings.Seed, (ulong)epoch, (ulong)block + 1));
        Entry* first = entries + start;
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (first[i], first[j]) = (first[j], first[i]);
        }
        _blockErrors[block] = kernel.Run(first, count);
        BlockFinished?.Invoke();
    }

    private void CopyBiases(bool toStates)
    {
        var users = MemoryMarshal.Cast<byte, float>(_tables.UserBiases.bytes);
        var movies = MemoryMarshal.Cast<byte, float>(_tables.MovieBiases.bytes);
        if (toStates)
        {
            for (int i = 0; i < users.Length; i++) _userStates[i].Bias = users[i];
            for (int i = 0; i < movies.Length; i++) _movieStates[i].Bias = movies[i];
        }
        else
        {
            for (int i = 0; i < users.Length; i++) users[i] = _userStates[i].Bias;
            for (int i = 0; i < movies.Length; i++) movies[i] = _movieStates[i].Bias;
        }
    }

    private static int AutoGridSize(int ratings, int threads)
    {
        // Enough blocks per diagonal to balance the threads (FPSG uses at least 2T+1), blocks small enough that their
        // rows stay in cache and cancellation is prompt, but not so small that the per-block overhead shows.
        int bySize = (int)Math.Sqrt(ratings / (double)RatingsPerAutoBlock);
        int minimum = threads > 1 ? 2 * threads + 1 : 1;
        return Math.Max(minimum, Math.Min(MaxAutoGrid, bySize));
    }

    private static void SetL2Scales(RowState[] states, int[] counts, float exponent)
    {
        for (int i = 0; i < counts.Length; i++) states[i].L2Scale = counts[i] == 0 ? 1 : MathF.Pow(counts[i], exponent - 1);
    }

    private static (Entry[] Entries, int[] BlockStarts, int[] UserCounts, int[] MovieCounts) BuildGrid(RatingView train, int users, int movies, int grid)
    {
        var source = train.Source;
        var userIndices = source.UserIndices;
        var movieIndices = source.MovieIndices;
        var ratings = source.Ratings;
        int n = train.Count;

        // Contiguous index ranges keep a block's rows close in memory (few pages); cutting them at equal rating counts
        // keeps the blocks balanced when activity is skewed.
        var userCounts = new int[users];
        var movieCounts = new int[movies];
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            userCounts[userIndices[p]]++;
            movieCounts[movieIndices[p]]++;
        }
        int[] userBlock = RangeBlocks(userCounts, n, grid);
        int[] movieBlock = RangeBlocks(movieCounts, n, grid);

        var blockStarts = new int[grid * grid + 1];
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            blockStarts[userBlock[userIndices[p]] * grid + movieBlock[movieIndices[p]] + 1]++;
        }
        for (int b = 0; b < grid * grid; b++) blockStarts[b + 1] += blockStarts[b];

        var fill = blockStarts.AsSpan(0, grid * grid).ToArray();
        var entries = new Entry[n];
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            int u = userIndices[p];
            int m = movieIndices[p];
            entries[fill[userBlock[u] * grid + movieBlock[m]]++] = new Entry { User = u, Movie = m, Rating = ratings[p] };
        }
        return (entries, blockStarts, userCounts, movieCounts);
    }

    private static int[] RangeBlocks(int[] counts, int total, int grid)
    {
        var blocks = new int[counts.Length];
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            // The block of a row is decided by the ratings before its middle, so each block gets about total/grid.
            long middle = 2 * seen + counts[i];
            blocks[i] = total == 0 ? 0 : (int)Math.Min(grid - 1, middle * grid / (2L * total));
            seen += counts[i];
        }
        return blocks;
    }

    private static void RequireTable(Tensor tensor, string name, int dimensions, int minimumRows)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException($"{name} must be a contiguous float32 CPU tensor (it is {tensor.dtype} on {tensor.device_type}).", name);
        }
        if (tensor.dim() != dimensions || tensor.shape[0] < minimumRows)
        {
            throw new ArgumentException($"{name} must have {dimensions} dimension(s) and at least {minimumRows} rows; its shape is [{string.Join(", ", tensor.shape)}].", name);
        }
    }

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var random = new SplitMix64(a ^ (b * 0xD1B5_4A32_D192_ED03UL) ^ (c * 0xABC9_8388_FB8F_AC03UL));
        return random.Next();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public int User;
        public int Movie;
        public float Rating;
    }

    /// <summary>The scalars of one row packed together, so a rating costs one extra cache line per side, not three.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RowState
    {
        public float Bias;
        public float FactorSquares;
        public float BiasSquares;

        /// <summary>n^(exponent - 1) for a row with n training ratings: the per-rating share of its L2 penalty.</summary>
        public float L2Scale;
    }

    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E37_79B9_7F4A_7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, bound) by Lemire's multiply-shift (bias below 2^-32 for our sizes).</summary>
        public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);

        public int[] Permutation(int n)
        {
            var result = new int[n];
            for (int i = 0; i < n; i++) result[i] = i;
            for (int i = n - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (result[i], result[j]) = (result[j], result[i]);
            }
            return result;
        }
    }

    private struct Kernel
    {
        public float* UserFactors;
        public float* MovieFactors;
        public RowState* UserStates;
        public RowState* MovieStates;
        public int Factors;
        public float GlobalMean;
        public float LearningRate;
        public float L2Factors;
        public float L2Biases;
        public bool Adaptive;

        public readonly double Run(Entry* entries, int count)
        {
            int k = Factors;
            int rowBytes = k * sizeof(float);
            double sse = 0;
            for (int n = 0; n < count; n++)
            {
                if (Sse.IsSupported && n + PrefetchDistance < count)
                {
                    Entry ahead = entries[n + PrefetchDistance];
                    byte* pu = (byte*)(UserFactors + (long)ahead.User * k);
                    byte* qi = (byte*)(MovieFactors + (long)ahead.Movie * k);
                    for (int offset = 0; offset < rowBytes; offset += 64)
                    {
                        Sse.Prefetch0(pu + offset);
                        Sse.Prefetch0(qi + offset);
                    }
                    Sse.Prefetch0(UserStates + ahead.User);
                    Sse.Prefetch0(MovieStates + ahead.Movie);
                }

                Entry entry = entries[n];
                float* p = UserFactors + (long)entry.User * k;
                float* q = MovieFactors + (long)entry.Movie * k;
                RowState* user = UserStates + entry.User;
                RowState* movie = MovieStates + entry.Movie;
                float error = entry.Rating - (GlobalMean + user->Bias + movie->Bias + Dot(p, q, k));
                sse += (double)error * error;
                if (Adaptive) UpdateAdaptive(p, q, user, movie, error, k);
                else UpdatePlain(p, q, user, movie, error, k);
            }
            return sse;
        }

        private readonly void UpdatePlain(float* p, float* q, RowState* user, RowState* movie, float error, int k)
        {
            float lr = LearningRate;
            user->Bias += lr * (error - L2Biases * user->L2Scale * user->Bias);
            movie->Bias += lr * (error - L2Biases * movie->L2Scale * movie->Bias);

            // p' = p (1 - lr l2) + lr e q and q' = q (1 - lr l2) + lr e p, both from the old p and q.
            float shrinkP = 1 - lr * L2Factors * user->L2Scale;
            float shrinkQ = 1 - lr * L2Factors * movie->L2Scale;
            float step = lr * error;
            var vShrinkP = new Vector<float>(shrinkP);
            var vShrinkQ = new Vector<float>(shrinkQ);
            var vStep = new Vector<float>(step);
            int i = 0;
            for (; i <= k - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vp = Vector.Load(p + i);
                var vq = Vector.Load(q + i);
                Vector.Store(Vector.FusedMultiplyAdd(vStep, vq, vp * vShrinkP), p + i);
                Vector.Store(Vector.FusedMultiplyAdd(vStep, vp, vq * vShrinkQ), q + i);
            }
            for (; i < k; i++)
            {
                float pi = p[i];
                float qi = q[i];
                p[i] = pi * shrinkP + step * qi;
                q[i] = qi * shrinkQ + step * pi;
            }
        }

        private readonly void UpdateAdaptive(float* p, float* q, RowState* user, RowState* movie, float error, int k)
        {
            // AdaGrad per row (LIBMF): the step uses the squares accumulated before this rating, then adds this
            // rating's mean squared gradient.
            float lr = LearningRate;
            float gu = L2Biases * user->L2Scale * user->Bias - error;
            float gi = L2Biases * movie->L2Scale * movie->Bias - error;
            user->Bias -= lr / MathF.Sqrt(user->BiasSquares) * gu;
            movie->Bias -= lr / MathF.Sqrt(movie->BiasSquares) * gi;
            user->BiasSquares += gu * gu;
            movie->BiasSquares += gi * gi;

            float stepP = lr / MathF.Sqrt(user->FactorSquares);
            float stepQ = lr / MathF.Sqrt(movie->FactorSquares);
            float l2P = L2Factors * user->L2Scale;
            float l2Q = L2Factors * movie->L2Scale;
            var vL2P = new Vector<float>(l2P);
            var vL2Q = new Vector<float>(l2Q);
            var vError = new Vector<float>(error);
            var vStepP = new Vector<float>(stepP);
            var vStepQ = new Vector<float>(stepQ);
            var squaresP = Vector<float>.Zero;
            var squaresQ = Vector<float>.Zero;
            int i = 0;
            for (; i <= k - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vp = Vector.Load(p + i);
                var vq = Vector.Load(q + i);
                var gp = Vector.FusedMultiplyAdd(vL2P, vp, -(vError * vq));
                var gq = Vector.FusedMultiplyAdd(vL2Q, vq, -(vError * vp));
                squaresP = Vector.FusedMultiplyAdd(gp, gp, squaresP);
                squaresQ = Vector.FusedMultiplyAdd(gq, gq, squaresQ);
                Vector.Store(vp - vStepP * gp, p + i);
                Vector.Store(vq - vStepQ * gq, q + i);
            }
            float sp = Vector.Sum(squaresP);
            float sq = Vector.Sum(squaresQ);
            for (; i < k; i++)
            {
                float pi = p[i];
                float qi = q[i];
                float gp = l2P * pi - error * qi;
                float gq = l2Q * qi - error * pi;
                sp += gp * gp;
                sq += gq * gq;
                p[i] = pi - stepP * gp;
                q[i] = qi - stepQ * gq;
            }
            user->FactorSquares += sp / k;
            movie->FactorSquares += sq / k;
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
