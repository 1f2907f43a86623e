using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>
/// Trains SVD++ (Koren 2008) with optional time-aware biases (Koren 2009) by SGD on the CPU:
/// r = mu + b_u(t) + b_i(t) + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j).
/// </summary>
/// <remarks>
/// <para>The ratings are grouped by user (CSR). Each epoch visits the users in a seeded order and, per user, computes
/// the implicit sum s_u = |N(u)|^-1/2 sum y_j once, takes the user's ratings in a seeded order (updating b_u, b_i,
/// p_u, q_i and the time biases per rating and accumulating the y gradient g = sum e q_i), and turns g into one y update
/// for every j in N(u), y_j = y_j a_u + delta_u with a_u = (1 - lr_y lambda_y)^|R(u)| and delta_u = lr_y |N(u)|^-1/2 g:
/// O(|R(u)| k + |N(u)| k) per user instead of the O(|R(u)| |N(u)| k) of updating every y_j at every rating.</para>
/// <para>That update is kept with the user and applied at the start of its next pass, in the same sweep over the y rows
/// that computes the next implicit sum: one sweep per user instead of two (a fifth of the epoch at Netflix scale). The
/// user's own sum sees every update it made; other users see it up to one epoch later, which costs no accuracy at the
/// default implicit learning rate (docs/models.md). <see cref="Export"/> applies the pending updates, in user order, to a
/// copy.</para>
/// <para>Parallelism without races and without depending on the thread count: the users of an epoch are cut into a
/// fixed number of lanes (a setting); each lane trains on its own copy of the movie-side parameters (q_i, y_j, b_i,
/// b_{i,bin}) at lanes x the learning rate, while the user-side ones belong to the lane that owns the user. After each
/// round (a slice of every lane) the copies are averaged in lane order (local SGD with model averaging, Zinkevich et al.
/// 2010). Threads only decide which lane runs where, so 1 or N threads give bit-identical models.</para>
/// </remarks>
internal sealed unsafe class FusedSvdPlusPlusEpochRunner : IEpochRunner
{
    private const int MaxRounds = 16;
    private const int MinUsersPerLaneRound = 64;
    private const int PrefetchDistance = 4;
    private const int ImplicitPrefetchDistance = 8;

    private readonly FusedSvdPlusPlusSettings _settings;
    private readonly int _users;
    private readonly int _movies;
    private readonly int _factors;
    private readonly int _stride;
    private readonly float _globalMean;
    private readonly int[] _userStarts;
    private readonly Entry[] _entries;
    private readonly int[] _extraStarts;
    private readonly int[] _extraMovies;
    private readonly float[] _implicitScales;
    // Each user's y update waiting for its next pass: delta_u as [user * k + f] (g_u while the pass runs), a_u, and
    // whether there is one (empty arrays without implicit feedback).
    private readonly CacheAlignedFloats _pending;
    private readonly float[] _pendingShrinks;
    private readonly bool[] _hasPending;
    private readonly float[] _userBiases;
    private readonly CacheAlignedFloats _userFactors;
    private readonly CacheAlignedFloats _movieTable;
    private readonly CacheAlignedFloats[] _laneTables;
    private readonly int _rounds;
    private readonly int _qLines;
    private readonly int _biasLine;
    private readonly int _biasLines;
    private readonly int _yOffsetLines;
    private readonly int _yLines;

    // Time biases (empty arrays when off).
    private readonly int _firstDay;
    private readonly int _binDays;
    private readonly float[] _meanDays;
    private readonly float[] _drifts;
    private readonly int[] _dayStarts;
    private readonly ushort[] _days;
    private readonly float[] _dayBiases;
    private readonly float[] _dayDeviations;
    private readonly float[] _dayPenalties;
    private readonly float[] _binPenalties;

    /// <summary>Groups the training ratings by user and initializes the parameters from the seed.</summary>
    /// <param name="train">The training ratings (their dates are used when time biases are on).</param>
    /// <param name="extraUserIndices">Dense user indices of extra implicit pairs (rated, rating unknown); -1 entries are skipped.</param>
    /// <param name="extraMovieIndices">Dense movie indices of the extra implicit pairs.</param>
    /// <param name="settings">The settings.</param>
    public FusedSvdPlusPlusEpochRunner(RatingView train, ReadOnlySpan<int> extraUserIndices, ReadOnlySpan<int> extraMovieIndices, FusedSvdPlusPlusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (extraUserIndices.Length != extraMovieIndices.Length) throw new ArgumentException("The extra implicit columns differ in length.", nameof(extraMovieIndices));
        if (settings.TimeBiases && !train.Source.HasDates) throw new ArgumentException("Time biases need the date of each rating, but the training data has none.", nameof(train));
        _settings = settings;
        _users = train.Source.Users.Count;
        _movies = train.Source.Movies.Count;
        _factors = settings.Factors;
        int bins = settings.TimeBiases ? settings.TimeBins : 0;
        // Row layout of the movie table: q_i (k) | y_j (k) | b_i | b_{i,bin} (bins), padded to whole vectors (for
        // 512-bit vectors whole cache lines, so every row of the line-aligned table starts a line).
        int width = Wide(_factors) ? Vector512<float>.Count : Vector<float>.Count;
        _stride = (2 * _factors + 1 + bins + width - 1) / width * width;
        _globalMean = (float)train.Mean();

        (_userStarts, _entries) = GroupByUser(train, _users);
        (_extraStarts, _extraMovies) = settings.ImplicitFeedback ? GroupExtras(extraUserIndices, extraMovieIndices, _users, _movies, _userStarts, _entries) : (new int[_users + 1], []);
        _implicitScales = new float[_users];
        for (int u = 0; u < _users; u++)
        {
            int n = _userStarts[u + 1] - _userStarts[u] + _extraStarts[u + 1] - _extraStarts[u];
            _implicitScales[u] = n == 0 ? 0 : 1 / MathF.Sqrt(n);
        }

        _userBiases = new float[_users];
        _pending = new CacheAlignedFloats(settings.ImplicitFeedback ? _users * _factors : 0);
        _pendingShrinks = settings.ImplicitFeedback ? new float[_users] : [];
        _hasPending = settings.ImplicitFeedback ? new bool[_users] : [];
        _userFactors = new CacheAlignedFloats(_users * _factors, zeroed: false);
        _movieTable = new CacheAlignedFloats(_movies * _stride);
        Initialize(settings.Seed, settings.InitialStandardDeviation);
        int lanes = settings.Lanes;
        _laneTables = new CacheAlignedFloats[lanes > 1 ? lanes : 0];
        for (int l = 0; l < _laneTables.Length; l++) _laneTables[l] = new CacheAlignedFloats(_movieTable.Length, zeroed: false);
        // Cache lines of a row to prefetch: q_i and b_i (and the bins) for a rating, y_j for the implicit passes.
        _qLines = (_factors * sizeof(float) + 63) / 64;
        _biasLine = 2 * _factors * sizeof(float) / 64;
        _biasLines = ((1 + bins) * sizeof(float) + 63) / 64 + 1;
        _yOffsetLines = _factors * sizeof(float) / 64;
        _yLines = (_factors * sizeof(float) + 63) / 64 + 1;
        int perLane = (_users + lanes - 1) / lanes;
        _rounds = Math.Clamp(perLane / MinUsersPerLaneRound, 1, MaxRounds);

        if (settings.TimeBiases)
        {
            (_firstDay, _binDays, _meanDays, _dayStarts, _days, _dayDeviations) = BuildTime(train.Source, _userStarts, _entries, bins, settings.DriftExponent);
            _drifts = new float[_users];
            _dayBiases = new float[_days.Length];
            (_dayPenalties, _binPenalties) = Penalties(_movies, bins, settings.L2DayBiases, settings.L2BinBiases);
        }
        else
        {
            _binDays = 1;
            _meanDays = _drifts = _dayBiases = _dayDeviations = _dayPenalties = _binPenalties = [];
            _dayStarts = [];
            _days = [];
        }
    }

    /// <summary>Whether the kernels run on 512-bit vectors: where the hardware has them and k is a whole number of them.</summary>
    private static bool Wide(int k) => Vector512.IsHardwareAccelerated && (k & 15) == 0;

    /// <summary>The global mean mu.</summary>
    public float GlobalMean => _globalMean;

    /// <summary>Floats per movie row of the movie table.</summary>
    internal int Stride => _stride;

    /// <summary>p_u as [user * k + f] (tests set it before an epoch).</summary>
    internal Span<float> UserFactors => _userFactors.Span;

    /// <summary>b_u per user.</summary>
    internal float[] UserBiases => _userBiases;

    /// <summary>The merged movie table: q_i at [m * Stride], y_m at [m * Stride + k], b_i at [m * Stride + 2k], bins after.</summary>
    internal Span<float> MovieTable => _movieTable.Span;

    /// <summary>alpha_u per user (time biases only).</summary>
    internal float[] Drifts => _drifts;

    /// <summary>b_{u,t} per (user, day) slot (time biases only).</summary>
    internal float[] DayBiases => _dayBiases;

    /// <summary>Called with (user index, movie index) before each rating's update (tests replay the order).</summary>
    internal Action<int, int>? RatingVisited { get; set; }

    /// <inheritdoc />
    public EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken)
    {
        if (!(learningRate > 0) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number > 0.");
        cancellationToken.ThrowIfCancellationRequested();
        int lanes = _settings.Lanes;
        var order = new int[_users];
        for (int u = 0; u < _users; u++) order[u] = u;
        ulong epochSeed = SeededRandom.Mix(SeededRandom.Mix((ulong)(uint)_settings.Seed, 0x53564450 /* SVDP */), (ulong)epoch);
        SeededRandom.For(epochSeed, 1).Shuffle(order);
        int perLane = (_users + lanes - 1) / lanes;
        int perRound = (perLane + _rounds - 1) / _rounds;
        var laneErrors = new double[lanes];
        long count = 0;
        for (int u = 0; u < _users; u++) count += _userStarts[u + 1] - _userStarts[u];

        for (int round = 0; round < _rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lanes > 1)
            {
                foreach (var table in _laneTables) _movieTable.Span.CopyTo(table.Span);
            }
            int threads = Math.Min(_settings.Threads, lanes);
            Action<int> runLane = lane =>
            {
                int start = Math.Min(_users, lane * perLane + round * perRound);
                int end = Math.Min(Math.Min(_users, (lane + 1) * perLane), start + perRound);
                if (start < end) laneErrors[lane] += RunUsers(order.AsSpan(start, end - start), lanes > 1 ? _laneTables[lane] : _movieTable, epochSeed, learningRate);
            };
            if (threads <= 1)
            {
                for (int lane = 0; lane < lanes; lane++) runLane(lane);
            }
            else
            {
                Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = threads }, runLane);
            }
            if (lanes > 1) Merge(threads);
        }
        double sum = 0;
        foreach (double e in laneErrors) sum += e;
        return new EpochRunResult(sum, count);
    }

    /// <summary>The prediction-time parameters now: the pending y updates applied (to a copy), z_u = p_u + |N(u)|^-1/2 sum y_j folded in, time tables copied.</summary>
    public SvdPlusPlusParameters Export()
    {
        int k = _factors;
        var userFactors = new float[_userFactors.Length];
        var movieFactors = new float[_movies * k];
        var movieBiases = new float[_movies];
        for (int m = 0; m < _movies; m++)
        {
            _movieTable.Span.Slice(m * _stride, k).CopyTo(movieFactors.AsSpan(m * k, k));
            movieBiases[m] = _movieTable.Span[m * _stride + 2 * k];
        }
        var table = MovieTableWithPendingUpdates();
        Parallel.For(0, (_users + 4095) / 4096, chunk =>
        {
            var sum = new float[k];
            for (int u = chunk * 4096; u < Math.Min(_users, (chunk + 1) * 4096); u++)
            {
                var z = userFactors.AsSpan(u * k, k);
                _userFactors.Span.Slice(u * k, k).CopyTo(z);
                if (!_settings.ImplicitFeedback) continue;
                ImplicitSum(u, table, sum);
                for (int f = 0; f < k; f++) z[f] += sum[f];
            }
        });
        TimeBiasTables? time = null;
        if (_settings.TimeBiases)
        {
            int bins = _settings.TimeBins;
            var binBiases = new float[_movies * bins];
            for (int m = 0; m < _movies; m++) _movieTable.Span.Slice(m * _stride + 2 * k + 1, bins).CopyTo(binBiases.AsSpan(m * bins, bins));
            // The mean days, day starts and days are fixed when the runner is built: shared, not copied (a day slot per
            // user and rating day, tens of millions at Netflix scale); the learned tables are copied.
            time = new TimeBiasTables(_settings.DriftExponent, _firstDay, _binDays, bins, _meanDays, (float[])_drifts.Clone(),
                _dayStarts, _days, (float[])_dayBiases.Clone(), binBiases);
        }
        return new SvdPlusPlusParameters(k, _globalMean, (float[])_userBiases.Clone(), movieBiases, userFactors, movieFactors, time);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Managed, pinned arrays only (CacheAlignedFloats included): nothing to free by hand.
    }

    /// <summary>s = |N(u)|^-1/2 sum_{j in N(u)} y_j from <paramref name="table"/>.</summary>
    private void ImplicitSum(int u, float[] table, Span<float> sum)
    {
        fixed (float* t = table)
        fixed (float* s = sum)
        {
            ImplicitSum(u, t, s);
        }
    }

    private void ImplicitSum(int u, float* table, float* sum) => SweepImplicit(u, table, sum, null, 1);

    /// <summary>
    /// One sweep over the y rows of N(u): applies the user's pending update from its previous pass first when
    /// <paramref name="pending"/> is given (y_j = y_j a_u + delta_u, written back), and sums the rows into
    /// s = |N(u)|^-1/2 sum y_j.
    /// </summary>
    private void SweepImplicit(int u, float* table, float* sum, float* pending, float shrink)
    {
        int k = _factors;
        int rated = _userStarts[u + 1] - _userStarts[u];
        int total = rated + _extraStarts[u + 1] - _extraStarts[u];
        int from = 0;
        if (Wide(k))
        {
            for (; from + RegisterColumns <= k; from += RegisterColumns) SweepInRegisters(u, rated, total, table, sum, pending, shrink, from);
        }
        SweepInMemory(u, rated, total, table, sum, pending, shrink, from);
        float c = _implicitScales[u];
        for (int f = 0; f < k; f++) sum[f] *= c;
    }

    /// <summary>The columns one <see cref="SweepInRegisters"/> call covers: eight 512-bit sums (and eight pending vectors) stay in registers.</summary>
    private const int RegisterColumns = 128;

    /// <summary>Columns [from, from + 128) of <see cref="SweepImplicit"/>, the sums held in registers across the rows.</summary>
    private void SweepInRegisters(int u, int rated, int total, float* table, float* sum, float* pending, float shrink, int from)
    {
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        var s4 = Vector512<float>.Zero;
        var s5 = Vector512<float>.Zero;
        var s6 = Vector512<float>.Zero;
        var s7 = Vector512<float>.Zero;
        if (pending == null)
        {
            for (int n = 0; n < total; n++)
            {
                float* y = ImplicitRow(u, n, rated, total, table) + from;
                s0 += Vector512.Load(y);
                s1 += Vector512.Load(y + 16);
                s2 += Vector512.Load(y + 32);
                s3 += Vector512.Load(y + 48);
                s4 += Vector512.Load(y + 64);
                s5 += Vector512.Load(y + 80);
                s6 += Vector512.Load(y + 96);
                s7 += Vector512.Load(y + 112);
            }
        }
        else
        {
            float* d = pending + from;
            var a = Vector512.Create(shrink);
            var d0 = Vector512.Load(d);
            var d1 = Vector512.Load(d + 16);
            var d2 = Vector512.Load(d + 32);
            var d3 = Vector512.Load(d + 48);
            var d4 = Vector512.Load(d + 64);
            var d5 = Vector512.Load(d + 80);
            var d6 = Vector512.Load(d + 96);
            var d7 = Vector512.Load(d + 112);
            for (int n = 0; n < total; n++)
            {
                float* y = ImplicitRow(u, n, rated, total, table) + from;
                s0 += Apply(y, a, d0);
                s1 += Apply(y + 16, a, d1);
                s2 += Apply(y + 32, a, d2);
                s3 += Apply(y + 48, a, d3);
                s4 += Apply(y + 64, a, d4);
                s5 += Apply(y + 80, a, d5);
                s6 += Apply(y + 96, a, d6);
                s7 += Apply(y + 112, a, d7);
            }
        }
        float* o = sum + from;
        Vector512.Store(s0, o);
        Vector512.Store(s1, o + 16);
        Vector512.Store(s2, o + 32);
        Vector512.Store(s3, o + 48);
        Vector512.Store(s4, o + 64);
        Vector512.Store(s5, o + 80);
        Vector512.Store(s6, o + 96);
        Vector512.Store(s7, o + 112);
    }

    /// <summary>y = y a + d, stored back; returns the new y.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Apply(float* y, Vector512<float> a, Vector512<float> d)
    {
        var updated = Vector512.FusedMultiplyAdd(Vector512.Load(y), a, d);
        Vector512.Store(updated, y);
        return updated;
    }

    /// <summary>Columns [from, k) of <see cref="SweepImplicit"/>, the sums accumulated in memory.</summary>
    private void SweepInMemory(int u, int rated, int total, float* table, float* sum, float* pending, float shrink, int from)
    {
        int k = _factors;
        if (from == k) return;
        int w = Vector<float>.Count;
        new Span<float>(sum + from, k - from).Clear();
        var vShrink = new Vector<float>(shrink);
        for (int n = 0; n < total; n++)
        {
            float* y = ImplicitRow(u, n, rated, total, table);
            int f = from;
            if (pending != null)
            {
                for (; f <= k - w; f += w) Vector.Store(Vector.FusedMultiplyAdd(Vector.Load(y + f), vShrink, Vector.Load(pending + f)), y + f);
                for (; f < k; f++) y[f] = y[f] * shrink + pending[f];
                f = from;
            }
            for (; f <= k - w; f += w) Vector.Store(Vector.Load(sum + f) + Vector.Load(y + f), sum + f);
            for (; f < k; f++) sum[f] += y[f];
        }
    }

    /// <summary>
    /// Turns the y gradient g_u the user's pass accumulated in <paramref name="pending"/> into its pending update:
    /// delta_u = lr_y |N(u)|^-1/2 g_u and a_u = (1 - lr_y lambda_y)^|R(u)| (lambda_y at each of the user's ratings,
    /// compounded: what the per-rating updates of Koren 2008 apply to y_j).
    /// </summary>
    private void SetPending(int u, float* pending, float lrY)
    {
        int k = _factors;
        float step = lrY * _implicitScales[u];
        for (int f = 0; f < k; f++) pending[f] *= step;
        _pendingShrinks[u] = MathF.Pow(1 - lrY * _settings.L2Implicit, _userStarts[u + 1] - _userStarts[u]);
        _hasPending[u] = true;
    }

    /// <summary>A copy of the movie table with every user's pending y update applied, in user order (for Export).</summary>
    internal float[] MovieTableWithPendingUpdates()
    {
        var table = _movieTable.Span.ToArray();
        if (!_settings.ImplicitFeedback) return table;
        var scratch = new float[_factors];
        float* p = _pending.Pointer;
        fixed (float* t = table)
        fixed (float* sc = scratch)
        {
            for (int u = 0; u < _users; u++)
            {
                if (_hasPending[u]) SweepImplicit(u, t, sc, p + (long)u * _factors, _pendingShrinks[u]);
            }
        }
        return table;
    }

    /// <summary>y_j of the n-th movie of N(u) in <paramref name="table"/>; the y row ImplicitPrefetchDistance movies ahead is fetched meanwhile.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private float* ImplicitRow(int u, int n, int rated, int total, float* table)
    {
        if (Sse.IsSupported && n + ImplicitPrefetchDistance < total) PrefetchRow(table + (long)ImplicitMovie(u, n + ImplicitPrefetchDistance, rated) * _stride, _yOffsetLines, _yLines);
        return table + (long)ImplicitMovie(u, n, rated) * _stride + _factors;
    }

    /// <summary>The n-th movie of N(u): the rated ones first, then the extra implicit ones.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int ImplicitMovie(int u, int n, int rated) => n < rated ? _entries[_userStarts[u] + n].Movie : _extraMovies[_extraStarts[u] + n - rated];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRow(float* row, int firstLine, int lines)
    {
        byte* start = (byte*)row + firstLine * 64;
        for (int line = 0; line < lines; line++) Sse.Prefetch0(start + line * 64);
    }

    /// <summary>Trains the users of one lane's round against <paramref name="table"/>; returns the sum of squared errors.</summary>
    private double RunUsers(ReadOnlySpan<int> users, CacheAlignedFloats table, ulong epochSeed, float learningRate)
    {
        int k = _factors;
        var implicitSum = new CacheAlignedFloats(k);
        float* sPtr = implicitSum.Pointer;
        double sse = 0;
        var settings = _settings;
        bool implicitFeedback = settings.ImplicitFeedback;
        bool time = settings.TimeBiases;
        float lr = learningRate;
        // Movie-side parameters learn at lanes x lr inside a lane and the lanes are averaged (see Merge): to first order
        // the same step as one sequential pass, and stable when a popular movie's row moves far within a round.
        float lrMovie = lr * settings.Lanes;
        float lrY = lrMovie * settings.ImplicitLearningRateScale;
        float lrDrift = lr * settings.DriftLearningRateScale;
        float shrink = 1 - lr * settings.L2Factors;
        float shrinkMovie = 1 - lrMovie * settings.L2Factors;
        float l2b = settings.L2Biases;
        var visited = RatingVisited;
        float* tableBase = table.Pointer;
        float* pBase = _userFactors.Pointer;
        float* pendingBase = _pending.Pointer;
        foreach (int u in users)
        {
            int start = _userStarts[u], end = _userStarts[u + 1];
            if (start == end) continue;
            var entries = _entries.AsSpan(start, end - start);
            var random = SeededRandom.For(epochSeed, (ulong)u + 2);
            // The user's order is drawn as the loop goes (forward Fisher-Yates), PrefetchDistance ratings ahead of the
            // update so that row can be prefetched: no separate shuffle pass over the ratings.
            int drawn = Math.Min(PrefetchDistance, entries.Length);
            for (int i = 0; i < drawn; i++) Draw(entries, i, ref random);
            // The y gradient g_u accumulates in the user's pending row, emptied here (see SetPending).
            float* gPtr = implicitFeedback ? pendingBase + (long)u * k : null;
            if (implicitFeedback)
            {
                if (_hasPending[u]) SweepImplicit(u, tableBase, sPtr, gPtr, _pendingShrinks[u]);
                else ImplicitSum(u, tableBase, sPtr);
                new Span<float>(gPtr, k).Clear();
            }
            float* p = pBase + (long)u * k;
            float userBias = _userBiases[u];
            float drift = time ? _drifts[u] : 0;
            int dayStart = time ? _dayStarts[u] : 0;
            for (int n = 0; n < entries.Length; n++)
            {
                if (drawn < entries.Length)
                {
                    Draw(entries, drawn, ref random);
                    if (Sse.IsSupported)
                    {
                        float* ahead = tableBase + (long)entries[drawn].Movie * _stride;
                        PrefetchRow(ahead, 0, _qLines);
                        PrefetchRow(ahead, _biasLine, _biasLines);
                    }
                    drawn++;
                }
                ref readonly Entry entry = ref entries[n];
                visited?.Invoke(u, entry.Movie);
                float* row = tableBase + (long)entry.Movie * _stride;
                float* q = row;
                float* movieBias = row + 2 * k;
                float prediction = _globalMean + userBias + *movieBias;
                float* binBias = null;
                int binSlot = 0;
                float deviation = 0;
                int slot = 0;
                if (time)
                {
                    slot = dayStart + entry.Slot;
                    deviation = _dayDeviations[slot];
                    int bin = Bin(entry.Day);
                    binBias = movieBias + 1 + bin;
                    binSlot = entry.Movie * settings.TimeBins + bin;
                    prediction += drift * deviation + _dayBiases[slot] + *binBias;
                }
                float error = entry.Rating - (prediction + Dot(p, sPtr, q, k));
                sse += (double)error * error;

                userBias += lr * (error - l2b * userBias);
                *movieBias += lrMovie * (error - l2b * *movieBias);
                if (time)
                {
                    drift += lrDrift * (error * deviation - settings.L2Drift * drift);
                    _dayBiases[slot] += lr * (error - _dayPenalties[slot] * _dayBiases[slot]);
                    *binBias += lrMovie * (error - _binPenalties[binSlot] * *binBias);
                }
                Update(p, q, sPtr, gPtr, error, lr, shrink, lrMovie, shrinkMovie, implicitFeedback, k);
            }
            _userBiases[u] = userBias;
            if (time) _drifts[u] = drift;
            if (implicitFeedback) SetPending(u, gPtr, lrY);
        }
        GC.KeepAlive(implicitSum); // sPtr points into it
        return sse;
    }

    /// <summary>Swaps position <paramref name="i"/> with a uniformly drawn position in [i, length): one step of a forward Fisher-Yates shuffle.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Draw(Span<Entry> entries, int i, ref SeededRandom random)
    {
        int j = i + random.NextInt(entries.Length - i);
        (entries[i], entries[j]) = (entries[j], entries[i]);
    }

    /// <summary>
    /// Per-rating L2 of b_{u,t} and b_{i,bin}: lambda / n for a parameter with n training ratings, so each carries a
    /// total penalty lambda per epoch and one seen on two ratings shrinks towards 0 (lambda applied at every rating would
    /// shrink all of them by the same factor, and the sparse ones would fit noise).
    /// </summary>
    private (float[] Days, float[] Bins) Penalties(int movies, int bins, float dayLambda, float binLambda)
    {
        var dayCounts = new int[_days.Length];
        var binCounts = new int[movies * bins];
        for (int u = 0; u < _users; u++)
        {
            for (int i = _userStarts[u]; i < _userStarts[u + 1]; i++)
            {
                dayCounts[_dayStarts[u] + _entries[i].Slot]++;
                binCounts[_entries[i].Movie * bins + Bin(_entries[i].Day)]++;
            }
        }
        var days = new float[dayCounts.Length];
        var binPenalties = new float[binCounts.Length];
        for (int i = 0; i < days.Length; i++) days[i] = dayLambda / Math.Max(1, dayCounts[i]);
        for (int i = 0; i < binPenalties.Length; i++) binPenalties[i] = binLambda / Math.Max(1, binCounts[i]);
        return (days, binPenalties);
    }

    private int Bin(int day) => day < _firstDay ? 0 : Math.Min((day - _firstDay) / _binDays, _settings.TimeBins - 1);

    /// <summary>p' = p shrink + lr e q, q' = q shrinkQ + lrQ e (p + s), g += e q, all from the old p and q (without implicit feedback s and g are unused: the shared pair step).</summary>
    private static void Update(float* p, float* q, float* s, float* g, float error, float lr, float shrink, float lrQ, float shrinkQ, bool implicitFeedback, int k)
    {
        float step = lr * error;
        float stepQ = lrQ * error;
        if (!implicitFeedback)
        {
            RowUpdate.Pair(p, q, k, step, shrink, stepQ, shrinkQ);
            return;
        }
        int f = 0;
        if (Wide(k))
        {
            var xShrink = Vector512.Create(shrink);
            var xStep = Vector512.Create(step);
            var xShrinkQ = Vector512.Create(shrinkQ);
            var xStepQ = Vector512.Create(stepQ);
            var xError = Vector512.Create(error);
            for (; f < k; f += 16)
            {
                var vp = Vector512.Load(p + f);
                var vq = Vector512.Load(q + f);
                Vector512.Store(Vector512.FusedMultiplyAdd(xStep, vq, vp * xShrink), p + f);
                Vector512.Store(Vector512.FusedMultiplyAdd(xStepQ, vp + Vector512.Load(s + f), vq * xShrinkQ), q + f);
                Vector512.Store(Vector512.FusedMultiplyAdd(xError, vq, Vector512.Load(g + f)), g + f);
            }
            return;
        }
        var vShrink = new Vector<float>(shrink);
        var vStep = new Vector<float>(step);
        var vShrinkQ = new Vector<float>(shrinkQ);
        var vStepQ = new Vector<float>(stepQ);
        var vError = new Vector<float>(error);
        int w = Vector<float>.Count;
        for (; f <= k - w; f += w)
        {
            var vp = Vector.Load(p + f);
            var vq = Vector.Load(q + f);
            Vector.Store(Vector.FusedMultiplyAdd(vStep, vq, vp * vShrink), p + f);
            Vector.Store(Vector.FusedMultiplyAdd(vStepQ, vp + Vector.Load(s + f), vq * vShrinkQ), q + f);
            Vector.Store(Vector.FusedMultiplyAdd(vError, vq, Vector.Load(g + f)), g + f);
        }
        for (; f < k; f++)
        {
            float pf = p[f], qf = q[f];
            p[f] = pf * shrink + step * qf;
            q[f] = qf * shrinkQ + stepQ * (pf + s[f]);
            g[f] += error * qf;
        }
    }

    /// <summary>(p + s) . q; s is all zeros without implicit feedback.</summary>
    private static float Dot(float* p, float* s, float* q, int k)
    {
        if (Wide(k))
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            int j = 0;
            for (; j <= k - 32; j += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.Load(p + j) + Vector512.Load(s + j), Vector512.Load(q + j), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.Load(p + j + 16) + Vector512.Load(s + j + 16), Vector512.Load(q + j + 16), s1);
            }
            if (j < k) s0 = Vector512.FusedMultiplyAdd(Vector512.Load(p + j) + Vector512.Load(s + j), Vector512.Load(q + j), s0);
            return Vector512.Sum(s0 + s1);
        }
        var sum0 = Vector<float>.Zero;
        int w = Vector<float>.Count;
        int f = 0;
        for (; f <= k - w; f += w) sum0 = Vector.FusedMultiplyAdd(Vector.Load(p + f) + Vector.Load(s + f), Vector.Load(q + f), sum0);
        float sum = Vector.Sum(sum0);
        for (; f < k; f++) sum += (p[f] + s[f]) * q[f];
        return sum;
    }

    /// <summary>
    /// global = the mean of the lanes, element by element in lane order (the lanes start each round from global). Summing
    /// the lanes' changes instead would double-count a row that converges within a round (a popular movie's q_i or y_j
    /// at Netflix scale moves to the same lane-local equilibrium in both lanes) and make it oscillate; the mean of lanes
    /// that learned at lanes x lr is the same step to first order and never overshoots.
    /// </summary>
    private void Merge(int threads)
    {
        const int Chunk = 1 << 16;
        int chunks = (_movieTable.Length + Chunk - 1) / Chunk;
        float scale = 1f / _laneTables.Length;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            int start = c * Chunk, end = Math.Min(_movieTable.Length, start + Chunk);
            for (int x = start; x < end; x++)
            {
                float sum = 0;
                foreach (var lane in _laneTables) sum += lane.Pointer[x];
                _movieTable.Pointer[x] = sum * scale;
            }
        });
    }

    private void Initialize(int seed, float deviation)
    {
        int k = _factors;
        Parallel.For(0, (_users + 4095) / 4096, chunk =>
        {
            for (int u = chunk * 4096; u < Math.Min(_users, (chunk + 1) * 4096); u++)
            {
                var random = SeededRandom.ForStream(seed, 0x50555352 /* PUSR */, u);
                for (int f = 0; f < k; f++) _userFactors.Pointer[(long)u * k + f] = (float)(random.NextGaussian() * deviation);
            }
        });
        for (int m = 0; m < _movies; m++)
        {
            var random = SeededRandom.ForStream(seed, 0x514D4F56 /* QMOV */, m);
            for (int f = 0; f < k; f++) _movieTable.Pointer[(long)m * _stride + f] = (float)(random.NextGaussian() * deviation);
        }
    }

    private static (int[] Starts, Entry[] Entries) GroupByUser(RatingView train, int users)
    {
        var source = train.Source;
        var userIndices = source.UserIndices;
        var movieIndices = source.MovieIndices;
        var ratings = source.Ratings;
        var days = source.DayNumbers;
        bool dated = source.HasDates;
        int n = train.Count;
        var starts = new int[users + 1];
        for (int i = 0; i < n; i++) starts[userIndices[train.PositionAt(i)] + 1]++;
        for (int u = 0; u < users; u++) starts[u + 1] += starts[u];
        var fill = starts.AsSpan(0, users).ToArray();
        var entries = GC.AllocateUninitializedArray<Entry>(n);
        for (int i = 0; i < n; i++)
        {
            int p = train.PositionAt(i);
            entries[fill[userIndices[p]]++] = new Entry { Movie = movieIndices[p], Rating = ratings[p], Day = dated ? days[p] : (ushort)0 };
        }
        return (starts, entries);
    }

    /// <summary>The extra implicit movies of each user that are not among its rated ones, without repeats (CSR).</summary>
    private static (int[] Starts, int[] Movies) GroupExtras(ReadOnlySpan<int> users, ReadOnlySpan<int> movies, int userCount, int movieCount, int[] userStarts, Entry[] entries)
    {
        var starts = new int[userCount + 1];
        for (int i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] < (uint)userCount && (uint)movies[i] < (uint)movieCount) starts[users[i] + 1]++;
        }
        for (int u = 0; u < userCount; u++) starts[u + 1] += starts[u];
        var fill = starts.AsSpan(0, userCount).ToArray();
        var grouped = new int[starts[userCount]];
        for (int i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] < (uint)userCount && (uint)movies[i] < (uint)movieCount) grouped[fill[users[i]]++] = movies[i];
        }
        // Drop repeats and movies the user rated in training: stamp[m] = u + 1 marks "already in N(u)".
        var stamp = new int[movieCount];
        var kept = new int[userCount + 1];
        var result = new List<int>(grouped.Length);
        for (int u = 0; u < userCount; u++)
        {
            for (int i = userStarts[u]; i < userStarts[u + 1]; i++) stamp[entries[i].Movie] = u + 1;
            for (int i = starts[u]; i < starts[u + 1]; i++)
            {
                int m = grouped[i];
                if (stamp[m] == u + 1) continue;
                stamp[m] = u + 1;
                result.Add(m);
            }
            kept[u + 1] = result.Count;
        }
        return (kept, [.. result]);
    }

    private static (int FirstDay, int BinDays, float[] MeanDays, int[] DayStarts, ushort[] Days, float[] Deviations) BuildTime(RatingSet source, int[] userStarts, Entry[] entries, int bins, float beta)
    {
        int users = userStarts.Length - 1;
        int first = int.MaxValue, last = int.MinValue;
        foreach (var e in entries)
        {
            first = Math.Min(first, e.Day);
            last = Math.Max(last, e.Day);
        }
        if (entries.Length == 0) first = last = 0;
        int binDays = Math.Max(1, (last - first + 1 + bins - 1) / bins);
        var meanDays = new float[users];
        var distinct = new int[users + 1];
        // Sort each user's entries by day (deterministic per user) to number its distinct days.
        Parallel.For(0, (users + 1023) / 1024, chunk =>
        {
            for (int u = chunk * 1024; u < Math.Min(users, (chunk + 1) * 1024); u++)
            {
                var span = entries.AsSpan(userStarts[u], userStarts[u + 1] - userStarts[u]);
                if (span.IsEmpty) continue;
                span.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Movie.CompareTo(b.Movie));
                double sum = 0;
                int count = 0;
                for (int i = 0; i < span.Length; i++)
                {
                    sum += span[i].Day;
                    if (i == 0 || span[i].Day != span[i - 1].Day) count++;
                    span[i].Slot = (ushort)(count - 1);
                }
                meanDays[u] = (float)(sum / span.Length);
                distinct[u + 1] = count;
            }
        });
        for (int u = 0; u < users; u++) distinct[u + 1] += distinct[u];
        var days = new ushort[distinct[users]];
        var deviations = new float[days.Length];
        for (int u = 0; u < users; u++)
        {
            for (int i = userStarts[u]; i < userStarts[u + 1]; i++)
            {
                int slot = distinct[u] + entries[i].Slot;
                days[slot] = entries[i].Day;
                deviations[slot] = TimeBiasTables.Deviation(entries[i].Day, meanDays[u], beta);
            }
        }
        _ = source;
        return (first, binDays, meanDays, distinct, days, deviations);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public int Movie;
        public float Rating;
        public ushort Day;

        /// <summary>The index of this rating's day among the user's distinct training days.</summary>
        public ushort Slot;
    }
}
