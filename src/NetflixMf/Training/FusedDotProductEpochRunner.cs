using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Training;

/// <summary>
/// Trains the biased dot-product model r = mu + b_u + b_i + p_u . q_i (Koren 2009) by SGD on the CPU, updating the
/// float32 tensors of <see cref="FactorTables"/> in place through raw pointers with SIMD over the factor dimension.
/// </summary>
/// <remarks>
/// <para>The ratings are cut once into a G x G grid of (user range, movie range) blocks, as FPSG does (Chin et al. 2015,
/// LIBMF). G depends on the data alone (its size and the bytes of a block's movie rows), never on the thread count.
/// Each epoch walks the G "diagonals" of the grid (after a seeded permutation of block rows and columns); the G blocks
/// of a diagonal share no user and no movie, so threads take them in any order and the result is bit for bit the
/// result of a sequential run: the same seed gives the same tables whatever the thread count.</para>
/// <para>Inside a block the ratings are stored grouped by user ("runs"), each packed into 4 bytes (movie index and a
/// rating code) when the ratings are multiples of 0.5 in 0..127.5; the user is stored once per run. Every epoch visits
/// a block's runs in a fresh seeded random order. A run keeps its user's row and bias in L1 while it streams over
/// movie rows that stay in L2 (a block's movie range is sized for it), so a rating moves about 4 bytes of entry and a
/// fraction of a user row from memory instead of two random 256-byte rows: at Netflix scale the user table does not fit
/// any cache and the plain shuffled walk is bound by memory latency. User rows are prefetched a few runs ahead, and
/// two runs are processed at a time, their ratings alternating, so the core overlaps two dependency chains.</para>
/// </remarks>
internal sealed unsafe class FusedDotProductEpochRunner : IEpochRunner
{
    private const int MinAutoGrid = 5;
    private const int MaxAutoGrid = 64;
    private const int RatingsPerAutoBlock = 4096;
    private const int MovieRowBudgetBytes = 384 * 1024;
    private const int QueueAhead = 2;
    private const int RunsAhead = 8;
    private const int MaxPackedMovies = 1 << 24;

    private readonly FactorTables _tables;
    private readonly FusedDotProductSettings _settings;
    private readonly int _factors;
    private readonly uint[]? _packed;
    private readonly WideEntry[]? _wide;
    private readonly float[] _ratingCodes = new float[256];
    private readonly int[] _blockRunStarts;
    private readonly int[] _runStarts;
    private readonly int[] _runUsers;
    private readonly int _maxRunsPerBlock;
    private readonly double[] _blockErrors;
    private readonly int _count;
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
        _count = train.Count;
        for (int c = 0; c < _ratingCodes.Length; c++) _ratingCodes[c] = c * 0.5f;

        GridSize = settings.GridSize > 0 ? settings.GridSize : AutoGridSize(train.Count, movies, _factors);
        bool packable = movies <= MaxPackedMovies && AllRatingsPackable(train);
        (_packed, _wide, _blockRunStarts, _runStarts, _runUsers) = BuildGrid(train, users, movies, GridSize, packable, settings.Threads);
        for (int b = 0; b < GridSize * GridSize; b++) _maxRunsPerBlock = Math.Max(_maxRunsPerBlock, _blockRunStarts[b + 1] - _blockRunStarts[b]);
        _blockErrors = new double[GridSize * GridSize];
    }

    /// <summary>Rows (and columns) of the block grid.</summary>
    public int GridSize { get; }

    /// <summary>Whether the entries are packed into 4 bytes (else 8).</summary>
    internal bool IsPacked => _packed is not null;

    /// <summary>Called after each block (tests use it to cancel in the middle of an epoch).</summary>
    internal Action? BlockFinished { get; set; }

    /// <summary>The number of ratings in block (<paramref name="userBlock"/>, <paramref name="movieBlock"/>).</summary>
    internal int BlockCount(int userBlock, int movieBlock)
    {
        int b = userBlock * GridSize + movieBlock;
        return _runStarts[_blockRunStarts[b + 1]] - _runStarts[_blockRunStarts[b]];
    }

    /// <summary>The (user index, movie index, rating) triples of one block, run by run.</summary>
    internal IEnumerable<(int UserIndex, int MovieIndex, float Rating)> BlockRatings(int userBlock, int movieBlock)
    {
        int b = userBlock * GridSize + movieBlock;
        for (int run = _blockRunStarts[b]; run < _blockRunStarts[b + 1]; run++)
        {
            for (int i = _runStarts[run]; i < _runStarts[run + 1]; i++)
            {
                yield return _packed is { } packed
                    ? (_runUsers[run], (int)(packed[i] >> 8), _ratingCodes[packed[i] & 0xFF])
                    : (_runUsers[run], _wide![i].MovieIndex, _wide[i].Rating);
            }
        }
    }

    /// <inheritdoc />
    public EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!(learningRate > 0) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number > 0.");
        cancellationToken.ThrowIfCancellationRequested();

        int grid = GridSize;
        ulong epochSeed = SeededRandom.Mix(_settings.Seed, (ulong)epoch);
        Array.Clear(_blockErrors);

        fixed (uint* packed = _packed)
        fixed (WideEntry* wide = _wide)
        fixed (float* codes = _ratingCodes)
        {
            var kernel = new Kernel
            {
                UserFactors = TensorMemory.FloatPointer(_tables.UserFactors),
                MovieFactors = TensorMemory.FloatPointer(_tables.MovieFactors),
                UserBiases = TensorMemory.FloatPointer(_tables.UserBiases),
                MovieBiases = TensorMemory.FloatPointer(_tables.MovieBiases),
                Packed = packed,
                Wide = wide,
                Codes = codes,
                Factors = _factors,
                GlobalMean = _tables.GlobalMean,
                LearningRate = learningRate,
                L2Factors = _settings.L2Factors,
                L2Biases = _settings.L2Biases,
            };
            var sizes = new int[grid];
            foreach (int[] blocks in DiagonalSchedule.Diagonals(grid, new SeededRandom(SeededRandom.Mix(epochSeed, ulong.MaxValue))))
            {
                for (int i = 0; i < grid; i++) sizes[i] = -(_runStarts[_blockRunStarts[blocks[i] + 1]] - _runStarts[_blockRunStarts[blocks[i]]]);
                // Largest first: the blocks of a diagonal are independent, so the order changes only how well the
                // threads finish together, never the result.
                Array.Sort(sizes, blocks);
                DiagonalSchedule.Run(blocks, _settings.Threads, (block, order) => RunBlock(kernel, block, epochSeed, order), _maxRunsPerBlock, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        double sum = 0;
        foreach (double e in _blockErrors) sum += e;
        return new EpochRunResult(sum, _count);
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;


    private void RunBlock(Kernel kernel, int block, ulong epochSeed, int[] order)
    {
        int firstRun = _blockRunStarts[block];
        int runs = _blockRunStarts[block + 1] - firstRun;
        if (runs == 0) return;
        var visit = order.AsSpan(0, runs);
        for (int i = 0; i < runs; i++) visit[i] = firstRun + i;
        var random = new SeededRandom(SeededRandom.Mix(epochSeed, (ulong)block));
        random.Shuffle(visit);
        fixed (int* runOrder = visit)
        fixed (int* runStarts = _runStarts)
        fixed (int* runUsers = _runUsers)
        {
            _blockErrors[block] = kernel.Packed is not null
                ? kernel.Run<PackedEntry>((PackedEntry*)kernel.Packed, runOrder, runs, runStarts, runUsers)
                : kernel.Run<WideEntry>(kernel.Wide, runOrder, runs, runStarts, runUsers);
        }
        BlockFinished?.Invoke();
    }

    /// <summary>
    /// G from the data alone: a block's movie rows should fit in a core's L2 next to its entries, and blocks should not
    /// be so small that the per-block overhead shows. At least <see cref="MinAutoGrid"/> so that two to four threads
    /// have blocks to share.
    /// </summary>
    private static int AutoGridSize(int ratings, int movies, int factors)
    {
        int bySize = (int)Math.Sqrt(ratings / (double)RatingsPerAutoBlock);
        int byCache = (int)Math.Ceiling((double)movies * factors * sizeof(float) / MovieRowBudgetBytes);
        return Math.Clamp(Math.Min(bySize, Math.Max(byCache, 8)), MinAutoGrid, MaxAutoGrid);
    }

    /// <summary>Whether every rating is a multiple of 0.5 in 0..127.5, so a byte code 2r holds it exactly.</summary>
    private static bool AllRatingsPackable(RatingView train)
    {
        var ratings = train.Source.Ratings;
        for (int i = 0; i < train.Count; i++)
        {
            float twice = ratings[train.PositionAt(i)] * 2;
            if (!(twice >= 0 && twice <= 255) || twice != MathF.Floor(twice)) return false;
        }
        return true;
    }

    private static (uint[]? Packed, WideEntry[]? Wide, int[] BlockRunStarts, int[] RunStarts, int[] RunUsers) BuildGrid(
        RatingView train, int users, int movies, int grid, bool packable, int threads)
    {
        var source = train.Source;
        var userIndices = source.UserIndices;
        var movieIndices = source.MovieIndices;
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
        userCounts = null!;

        // The ratings grouped by user block, each group in view order (a stable counting sort), so that every step
        // below touches one block row's users at a time: their cells fit in cache, and the block rows run in parallel.
        // A block row's entries will fill exactly its group's range, so the entry array holds the grouped positions
        // until then (no extra 4 bytes per rating at 100M).
        var rowStarts = new int[grid + 1];
        for (int i = 0; i < n; i++) rowStarts[userBlock[userIndices[train.PositionAt(i)]] + 1]++;
        for (int ub = 0; ub < grid; ub++) rowStarts[ub + 1] += rowStarts[ub];
        uint[]? packed = packable ? GC.AllocateUninitializedArray<uint>(n) : null;
        WideEntry[]? wide = packable ? null : GC.AllocateUninitializedArray<WideEntry>(n);
        var rowFill = rowStarts.AsSpan(0, grid).ToArray();
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            int slot = rowFill[userBlock[userIndices[p]]]++;
            if (packed is not null) packed[slot] = (uint)p;
            else wide![slot].MovieIndex = p;
        }

        // userBlock never decreases with the index: block row ub holds users [userRangeStarts[ub], userRangeStarts[ub + 1]).
        var userRangeStarts = new int[grid + 1];
        for (int ub = 0, u = 0; ub <= grid; ub++)
        {
            while (u < users && userBlock[u] < ub) u++;
            userRangeStarts[ub] = u;
        }

        // cells[u * G + mb]: the ratings of user u in movie block mb (one run), later the next free slot of that run.
        var cells = new int[(long)users * grid];
        var rowRuns = new int[grid + 1];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, grid, parallel, ub =>
        {
            var userIndices = source.UserIndices;
            var movieIndices = source.MovieIndices;
            for (int i = rowStarts[ub]; i < rowStarts[ub + 1]; i++)
            {
                int p = packed is not null ? (int)packed[i] : wide![i].MovieIndex;
                cells[(long)userIndices[p] * grid + movieBlock[movieIndices[p]]]++;
            }
            int runs = 0;
            for (long cell = (long)userRangeStarts[ub] * grid; cell < (long)userRangeStarts[ub + 1] * grid; cell++)
            {
                if (cells[cell] > 0) runs++;
            }
            rowRuns[ub + 1] = runs;
        });
        for (int ub = 0; ub < grid; ub++) rowRuns[ub + 1] += rowRuns[ub];
        int runCount = rowRuns[grid];

        // Blocks in row-major order, each block's runs by user; a block row's entries start where its ratings do.
        var blockRunStarts = new int[grid * grid + 1];
        var runStarts = new int[runCount + 1];
        var runUsers = new int[runCount];
        int largestRow = 0;
        for (int ub = 0; ub < grid; ub++) largestRow = Math.Max(largestRow, rowStarts[ub + 1] - rowStarts[ub]);
        // Each worker copies a block row's positions out of the entry range before writing the entries over it.
        Parallel.For(0, grid, parallel, () => GC.AllocateUninitializedArray<int>(largestRow), (ub, _, positions) =>
        {
            var userIndices = source.UserIndices;
            var movieIndices = source.MovieIndices;
            var ratings = source.Ratings;
            int offset = rowStarts[ub], run = rowRuns[ub];
            for (int mb = 0; mb < grid; mb++)
            {
                blockRunStarts[ub * grid + mb] = run;
                for (int u = userRangeStarts[ub]; u < userRangeStarts[ub + 1]; u++)
                {
                    long cell = (long)u * grid + mb;
                    int c = cells[cell];
                    if (c == 0) continue;
                    runStarts[run] = offset;
                    runUsers[run] = u;
                    run++;
                    cells[cell] = offset;
                    offset += c;
                }
            }
            int count = rowStarts[ub + 1] - rowStarts[ub];
            for (int i = 0; i < count; i++) positions[i] = packed is not null ? (int)packed[rowStarts[ub] + i] : wide![rowStarts[ub] + i].MovieIndex;
            for (int i = 0; i < count; i++)
            {
                int p = positions[i];
                int m = movieIndices[p];
                int slot = cells[(long)userIndices[p] * grid + movieBlock[m]]++;
                if (packed is not null) packed[slot] = ((uint)m << 8) | (uint)(ratings[p] * 2);
                else wide![slot] = new WideEntry { MovieIndex = m, Rating = ratings[p] };
            }
            return positions;
        }, _ => { });
        blockRunStarts[grid * grid] = runCount;
        runStarts[runCount] = n;
        return (packed, wide, blockRunStarts, runStarts, runUsers);
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

    /// <summary>One rating of a run: the movie and the rating (the user is the run's).</summary>
    private interface IEntry
    {
        int Movie { get; }

        float Rating(float* codes);
    }

    /// <summary>Movie index in the high 24 bits, the rating code 2r in the low 8.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PackedEntry : IEntry
    {
        public uint Value;

        public readonly int Movie
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (int)(Value >> 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly float Rating(float* codes) => codes[Value & 0xFF];
    }

    /// <summary>Any rating value, for data the packed form cannot hold exactly.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct WideEntry : IEntry
    {
        public int MovieIndex;
        public float Rating;

        public readonly int Movie
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => MovieIndex;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly float IEntry.Rating(float* codes) => Rating;
    }

    private struct Kernel
    {
        public float* UserFactors;
        public float* MovieFactors;
        public float* UserBiases;
        public float* MovieBiases;
        public uint* Packed;
        public WideEntry* Wide;
        public float* Codes;
        public int Factors;
        public float GlobalMean;
        public float LearningRate;
        public float L2Factors;
        public float L2Biases;

        /// <summary>
        /// Runs the block's runs in <paramref name="runOrder"/>, two at a time: their ratings alternate (a1 b1 a2 b2 ...)
        /// so the out-of-order core overlaps two independent dependency chains (each rating's dot product needs the
        /// user row the previous rating of that user just wrote). The order is fixed by the run order alone.
        /// </summary>
        public readonly double Run<TEntry>(TEntry* entries, int* runOrder, int runs, int* runStarts, int* runUsers)
            where TEntry : unmanaged, IEntry
        {
            int k = Factors;
            int rowBytes = k * sizeof(float);
            double sseA = 0, sseB = 0;
            int r = 0;
            for (; r < runs; r += 2)
            {
                if (Sse.IsSupported)
                {
                    // Later runs are elsewhere in memory: start fetching their user rows, biases and first entries now,
                    // several runs ahead because a run can be as short as one rating.
                    for (int ahead = r + RunsAhead; ahead < Math.Min(runs, r + RunsAhead + 2); ahead++)
                    {
                        int nextRun = runOrder[ahead];
                        int nextUser = runUsers[nextRun];
                        byte* nextRow = (byte*)(UserFactors + (long)nextUser * k);
                        for (int offset = 0; offset < rowBytes; offset += 64) Sse.Prefetch0(nextRow + offset);
                        Sse.Prefetch0(UserBiases + nextUser);
                        Sse.Prefetch0(entries + runStarts[nextRun]);
                    }
                }

                int runA = runOrder[r];
                int userA = runUsers[runA];
                float* pA = UserFactors + (long)userA * k;
                float biasA = UserBiases[userA];
                TEntry* a = entries + runStarts[runA];
                TEntry* endA = entries + runStarts[runA + 1];
                if (r + 1 < runs)
                {
                    int runB = runOrder[r + 1];
                    int userB = runUsers[runB];
                    float* pB = UserFactors + (long)userB * k;
                    float biasB = UserBiases[userB];
                    TEntry* b = entries + runStarts[runB];
                    TEntry* endB = entries + runStarts[runB + 1];
                    while (a < endA && b < endB)
                    {
                        sseA += Step(pA, ref biasA, a++, endA);
                        sseB += Step(pB, ref biasB, b++, endB);
                    }
                    while (b < endB) sseB += Step(pB, ref biasB, b++, endB);
                    UserBiases[userB] = biasB;
                }
                while (a < endA) sseA += Step(pA, ref biasA, a++, endA);
                UserBiases[userA] = biasA;
            }
            return sseA + sseB;
        }

        /// <summary>One SGD step on a rating of the user whose row is <paramref name="p"/>; returns the squared error before it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly double Step<TEntry>(float* p, ref float userBias, TEntry* entry, TEntry* end)
            where TEntry : unmanaged, IEntry
        {
            int k = Factors;
            if (Sse.IsSupported && entry + QueueAhead < end)
            {
                byte* ahead = (byte*)(MovieFactors + (long)entry[QueueAhead].Movie * k);
                for (int offset = 0; offset < k * sizeof(float); offset += 64) Sse.Prefetch0(ahead + offset);
            }
            int m = entry->Movie;
            float* q = MovieFactors + (long)m * k;
            float movieBias = MovieBiases[m];
            float error = entry->Rating(Codes) - (GlobalMean + userBias + movieBias + Dot(p, q, k));
            float step = LearningRate * error;
            float shrinkBias = 1 - LearningRate * L2Biases;
            userBias = userBias * shrinkBias + step;
            MovieBiases[m] = movieBias * shrinkBias + step;
            float shrink = 1 - LearningRate * L2Factors;
            RowUpdate.Pair(p, q, k, step, shrink, step, shrink);
            return (double)error * error;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Dot(float* a, float* b, int k)
        {
            if (Vector512.IsHardwareAccelerated && (k & 15) == 0)
            {
                var s0 = Vector512<float>.Zero;
                var s1 = Vector512<float>.Zero;
                int j = 0;
                for (; j <= k - 32; j += 32)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + j), Vector512.Load(b + j), s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + j + 16), Vector512.Load(b + j + 16), s1);
                }
                if (j < k) s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + j), Vector512.Load(b + j), s0);
                return Vector512.Sum(s0 + s1);
            }
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
