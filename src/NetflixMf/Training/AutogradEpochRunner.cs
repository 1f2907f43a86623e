using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Training;

/// <summary>
/// Trains any head with mini-batches and autograd: the batch's distinct user and movie rows are gathered once, the
/// head scores the batch, and only the touched rows are updated (lazy Adam or SGD), so a step costs O(batch x k)
/// whatever the size of the tables.
/// </summary>
/// <remarks>
/// Loss per batch: 1/2 sum (mu + b_u + b_i + head(p_u, q_i) - r)^2 + lambda/2 sum w_u (|p_u|^2 + |x_u|^2) + ... +
/// lambda_b/2 sum w_u b_u^2 + ... + head.Penalty(), summed over the batch's ratings, where x_u are the rows of the
/// head's own tables and w_row = n_row^(e - 1) for a row with n_row training ratings (e = 1: every occurrence of a
/// row is regularised once, as in Funk's per-rating SGD; e = 0: every row gets the same total penalty per epoch
/// whatever its number of ratings). The tables (embeddings, biases, the head's own tables) are updated row by row
/// (lazy Adam or SGD); the head's dense parameters use AdamW with the head weight decay. On the CPU the L2 terms stay
/// out of the autograd graph: their gradient lambda c_row x_row (c_row: the row's weights summed over the batch) is
/// added in the row update itself, the same numbers for about a dozen fewer tensor operations per step.
/// </remarks>
internal sealed unsafe class AutogradEpochRunner : IEpochRunner
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly RatingSet _source;
    private readonly int[] _positions;
    private readonly int[] _order;
    private readonly FactorTables _tables;
    private readonly FactorizationHead _head;
    private readonly AutogradSettings _settings;
    private readonly Device _device;
    private readonly bool _cpuOptimizer;
    private readonly optim.Optimizer? _headOptimizer;
    private readonly List<IDisposable> _owned = [];
    private readonly Tensor[] _allTables;
    private readonly HeadTable[] _headTables;
    private readonly float _halfL2Factors, _halfL2Biases;

    // Batch de-duplication, one record per row so a rating costs one cache miss per side.
    private readonly RowSlot[] _userRows, _movieRows;
    private int _batchId;

    // Reused CPU staging tensors, written through their memory each step.
    private readonly Column<long> _uniqueUsers, _userInverse, _uniqueMovies, _movieInverse, _batchUsers, _batchMovies;
    private readonly Column<float> _targets, _userCoefficients, _movieCoefficients;

    // Adam moments for the four tables (null for SGD).
    private readonly Tensor[]? _firstMoments;
    private readonly Tensor[]? _secondMoments;
    private long _step;

    private readonly Scalar _half, _halfL2, _halfL2Bias;
    private readonly double _divergenceBound;
    private bool _checkedHeadShape;

    public AutogradEpochRunner(RatingView train, FactorTables tables, FactorizationHead head, AutogradSettings settings, Device device)
    {
        _source = train.Source;
        _positions = train.IsAll ? [.. Enumerable.Range(0, train.Count)] : train.Positions.ToArray();
        _order = new int[_positions.Length];
        _tables = tables;
        _head = head;
        _settings = settings;
        _device = device;
        _cpuOptimizer = device.type == DeviceType.CPU && !settings.UseTensorOptimizer;
        int users = (int)tables.UserFactors.shape[0], movies = (int)tables.MovieFactors.shape[0];
        _userRows = new RowSlot[users];
        _movieRows = new RowSlot[movies];

        int b = settings.BatchSize;
        _uniqueUsers = new(Own(empty(b, ScalarType.Int64)));
        _userInverse = new(Own(empty(b, ScalarType.Int64)));
        _uniqueMovies = new(Own(empty(b, ScalarType.Int64)));
        _movieInverse = new(Own(empty(b, ScalarType.Int64)));
        _batchUsers = new(Own(empty(b, ScalarType.Int64)));
        _batchMovies = new(Own(empty(b, ScalarType.Int64)));
        _targets = new(Own(empty(b, ScalarType.Float32)));
        _userCoefficients = new(Own(zeros(b, ScalarType.Float32)));
        _movieCoefficients = new(Own(zeros(b, ScalarType.Float32)));

        // Per-row L2 weights n^(e - 1) from the rows' training rating counts.
        SetRowWeights(_userRows, _positions, _source.UserIndices, settings.L2RatingCountExponent);
        SetRowWeights(_movieRows, _positions, _source.MovieIndices, settings.L2RatingCountExponent);
        _divergenceBound = settings.DivergenceBatchMse;
        _headTables = [.. head.Tables];
        _allTables = [tables.UserFactors, tables.MovieFactors, tables.UserBiases, tables.MovieBiases, .. _headTables.Select(head.TableTensor)];

        if (settings.Optimizer == OptimizerKind.Adam)
        {
            var all = _allTables;
            _firstMoments = [.. all.Select(t => Own(zeros_like(t)))];
            _secondMoments = [.. all.Select(t => Own(zeros_like(t)))];
        }
        var headParameters = head.parameters().ToList();
        if (headParameters.Count > 0) _headOptimizer = optim.AdamW(headParameters, lr: 1e-3, weight_decay: settings.HeadWeightDecay);
        _half = Own(0.5.ToScalar());
        _halfL2 = Own((0.5 * settings.L2Factors).ToScalar());
        _halfL2Bias = Own((0.5 * settings.L2Biases).ToScalar());
        // The float the tensor path multiplies by (a double scalar is applied to a float tensor as a float).
        _halfL2Factors = (float)(0.5 * settings.L2Factors);
        _halfL2Biases = (float)(0.5 * settings.L2Biases);
    }

    public EpochRunResult RunEpoch(int epoch, float learningRate, CancellationToken cancellationToken)
    {
        _positions.CopyTo(_order, 0);
        SeededRandom.For(_settings.Seed, (ulong)epoch).Shuffle(_order);
        if (_headOptimizer is not null)
        {
            foreach (var group in _headOptimizer.ParamGroups) group.LearningRate = learningRate;
        }
        _head.train();
        using var lr = ((double)learningRate).ToScalar();
        using var negativeLr = (-(double)learningRate).ToScalar();
        double sse = 0;
        for (int start = 0; start < _order.Length; start += _settings.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_settings.BatchSize, _order.Length - start);
            var (users, movies) = Stage(_order.AsSpan(start, count));
            double batchSse = Step(count, users, movies, learningRate, negativeLr);
            if (!double.IsFinite(batchSse)) throw new TrainingDivergedException(epoch, learningRate);
            if (batchSse / count > _divergenceBound)
            {
                throw new TrainingDivergedException(epoch, learningRate,
                    $"the mean squared error of a batch reached {batchSse / count:G3}, far beyond anything a model on this rating scale can reach without diverging");
            }
            sse += batchSse;
        }
        return new EpochRunResult(sse, _order.Length);
    }

    public void Dispose()
    {
        _headOptimizer?.Dispose();
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }

    private (int Users, int Movies) Stage(ReadOnlySpan<int> positions)
    {
        // The positions come shuffled, so every column read and row record is a cache miss at scale: fetch the
        // columns StageAhead ratings ahead and the row records half as far (their indexes are loaded by then).
        const int StageAhead = 16;
        int batch = ++_batchId;
        float mu = _tables.GlobalMean;
        int users = 0, movies = 0;
        fixed (int* userColumn = _source.UserIndices)
        fixed (int* movieColumn = _source.MovieIndices)
        fixed (float* ratings = _source.Ratings)
        fixed (int* order = positions)
        fixed (RowSlot* userRows = _userRows)
        fixed (RowSlot* movieRows = _movieRows)
        {
            for (int i = 0; i < positions.Length; i++)
            {
                if (Sse.IsSupported)
                {
                    if (i + StageAhead < positions.Length)
                    {
                        int ahead = order[i + StageAhead];
                        Sse.Prefetch0(userColumn + ahead);
                        Sse.Prefetch0(movieColumn + ahead);
                        Sse.Prefetch0(ratings + ahead);
                    }
                    if (i + StageAhead / 2 < positions.Length)
                    {
                        int half = order[i + StageAhead / 2];
                        Sse.Prefetch0(userRows + userColumn[half]);
                        Sse.Prefetch0(movieRows + movieColumn[half]);
                    }
                }
                int p = order[i];
                int u = userColumn[p], m = movieColumn[p];
                RowSlot* user = userRows + u;
                RowSlot* movie = movieRows + m;
                if (user->Stamp != batch)
                {
                    user->Stamp = batch;
                    user->Slot = users;
                    _userCoefficients.Values[users] = 0;
                    _uniqueUsers.Values[users++] = u;
                }
                if (movie->Stamp != batch)
                {
                    movie->Stamp = batch;
                    movie->Slot = movies;
                    _movieCoefficients.Values[movies] = 0;
                    _uniqueMovies.Values[movies++] = m;
                }
                _userCoefficients.Values[user->Slot] += user->Weight;
                _movieCoefficients.Values[movie->Slot] += movie->Weight;
                _userInverse.Values[i] = user->Slot;
                _movieInverse.Values[i] = movie->Slot;
                _batchUsers.Values[i] = u;
                _batchMovies.Values[i] = m;
                _targets.Values[i] = ratings[p] - mu;
            }
        }
        return (users, movies);
    }

    private double Step(int count, int userCount, int movieCount, float learningRate, Scalar negativeLr)
    {
        using var scope = NewDisposeScope();
        var uniqueUsers = ToDevice(_uniqueUsers.Take(userCount));
        var uniqueMovies = ToDevice(_uniqueMovies.Take(movieCount));
        var userInverse = ToDevice(_userInverse.Take(count));
        var movieInverse = ToDevice(_movieInverse.Take(count));
        var targets = ToDevice(_targets.Take(count));

        // Leaves: one row per distinct user/movie, so autograd sums the gradient of repeated rows for us.
        var leaves = new Tensor[_allTables.Length];
        for (int t = 0; t < leaves.Length; t++)
        {
            bool isUser = t < 4 ? t % 2 == 0 : _headTables[t - 4].IsUserTable;
            leaves[t] = _allTables[t].index_select(0, isUser ? uniqueUsers : uniqueMovies).requires_grad_(true);
        }
        var p = leaves[0].index_select(0, userInverse);
        var q = leaves[1].index_select(0, movieInverse);
        var bu = leaves[2].index_select(0, userInverse);
        var bi = leaves[3].index_select(0, movieInverse);
        Dictionary<string, Tensor>? rows = null;
        if (_headTables.Length > 0)
        {
            rows = [];
            for (int t = 0; t < _headTables.Length; t++)
            {
                rows[_headTables[t].Name] = leaves[t + 4].index_select(0, _headTables[t].IsUserTable ? userInverse : movieInverse);
            }
        }
        var batch = new HeadBatch(ToDevice(_batchUsers.Take(count)), ToDevice(_batchMovies.Take(count)), rows);
        var scores = _head.Score(p, q, batch);
        if (!_checkedHeadShape)
        {
            if (scores.ndim != 1 || scores.shape[0] != count)
            {
                throw new InvalidOperationException($"Head {_head.GetType().Name}.forward returned shape [{string.Join(", ", scores.shape)}]; it must return [{count}] (one score per pair).");
            }
            _checkedHeadShape = true;
        }
        var error = scores.add(bu).add_(bi).sub_(targets);
        var sse = error.square().sum();
        var loss = sse.mul(_half);
        if (!_cpuOptimizer)
        {
            // Each distinct row is penalised once per occurrence in the batch, weighted by n_row^(e - 1). (The CPU
            // optimizer adds this gradient in its row loop instead: see RowPenalty.)
            var userCoefficients = ToDevice(_userCoefficients.Take(userCount));
            var movieCoefficients = ToDevice(_movieCoefficients.Take(movieCount));
            var factorPenalty = leaves[0].square().sum(1).mul_(userCoefficients).sum()
                .add_(leaves[1].square().sum(1).mul_(movieCoefficients).sum());
            for (int t = 4; t < leaves.Length; t++)
            {
                factorPenalty.add_(leaves[t].square().sum(1).mul_(_headTables[t - 4].IsUserTable ? userCoefficients : movieCoefficients).sum());
            }
            loss = loss
                .add_(factorPenalty.mul_(_halfL2))
                .add_(leaves[2].square().mul_(userCoefficients).sum().add_(leaves[3].square().mul_(movieCoefficients).sum()).mul_(_halfL2Bias));
        }
        var penalty = _head.ScorePenalty(batch);
        if (penalty is not null) loss = loss.add(penalty);
        _headOptimizer?.zero_grad();
        loss.backward();
        double batchSse = sse.item<float>();
        if (!double.IsFinite(batchSse)) return batchSse;

        using (no_grad())
        {
            _step++;
            for (int t = 0; t < leaves.Length; t++)
            {
                bool isUser = t < 4 ? t % 2 == 0 : _headTables[t - 4].IsUserTable;
                var rowPenalty = new RowPenalty(isUser ? _userCoefficients.Values : _movieCoefficients.Values, t is 2 or 3 ? _halfL2Biases : _halfL2Factors);
                Update(t, _allTables[t], leaves[t], isUser ? uniqueUsers : uniqueMovies, rowPenalty, learningRate, negativeLr);
            }
        }
        _headOptimizer?.step();
        return batchSse;
    }

    private static void SetRowWeights(RowSlot[] rows, int[] positions, ReadOnlySpan<int> column, float exponent)
    {
        var counts = new int[rows.Length];
        foreach (int p in positions) counts[column[p]]++;
        for (int r = 0; r < rows.Length; r++) rows[r].Weight = exponent == 1f ? 1f : MathF.Pow(Math.Max(1, counts[r]), exponent - 1f);
    }

    private void Update(int table, Tensor parameters, Tensor rows, Tensor indices, RowPenalty penalty, float learningRate, Scalar negativeLr)
    {
        // On the CPU the L2 terms are not in the graph, so rows of an input the head ignores have no gradient: they
        // still take their L2 step.
        var gradient = rows.grad ?? (_cpuOptimizer ? zeros_like(rows) : throw new InvalidOperationException("The loss does not depend on the embeddings: the head must use its inputs."));
        if (_settings.Optimizer == OptimizerKind.Sgd)
        {
            if (_cpuOptimizer)
            {
                gradient = gradient.contiguous();
                int columns = parameters.ndim == 1 ? 1 : (int)parameters.shape[1];
                SgdRows((float*)Pointer(parameters), (float*)Pointer(gradient), (long*)Pointer(indices), (int)indices.shape[0], columns, penalty, learningRate);
                return;
            }
            // Distinct indices, so index_add_ is a plain row update.
            parameters.index_add_(0, indices, gradient, negativeLr);
            return;
        }
        double correction1 = 1 - Math.Pow(Beta1, _step);
        double correction2 = 1 - Math.Pow(Beta2, _step);
        float stepSize = (float)(learningRate / correction1);
        float rootCorrection2 = (float)Math.Sqrt(correction2);
        var first = _firstMoments![table];
        var second = _secondMoments![table];
        if (_cpuOptimizer)
        {
            gradient = gradient.contiguous();
            int width = parameters.ndim == 1 ? 1 : (int)parameters.shape[1];
            LazyAdamRows((float*)Pointer(parameters), (float*)Pointer(first), (float*)Pointer(second), (float*)Pointer(gradient),
                (long*)Pointer(indices), (int)indices.shape[0], width, penalty, stepSize, rootCorrection2);
            return;
        }
        var m = first.index_select(0, indices).mul_(Beta1).add_(gradient, 1 - Beta1);
        var v = second.index_select(0, indices).mul_(Beta2).addcmul_(gradient, gradient, 1 - Beta2);
        first.index_copy_(0, indices, m);
        second.index_copy_(0, indices, v);
        var denominator = v.sqrt().div_(rootCorrection2).add_(Epsilon);
        parameters.index_copy_(0, indices, rows.detach().addcdiv(m, denominator, -stepSize));
    }

    /// <summary>p -= learningRate * (g + L2 gradient) on the given rows, in place (2-D index_add_ measured several times slower).</summary>
    private static void SgdRows(float* parameters, float* gradient, long* indices, int rows, int width, RowPenalty penalty, float learningRate)
    {
        int vector = Vector<float>.Count;
        var lr = new Vector<float>(learningRate);
        for (int r = 0; r < rows; r++)
        {
            float* p = parameters + indices[r] * width, g = gradient + (long)r * width;
            float scale = penalty.Scale(r);
            var vScale = new Vector<float>(scale);
            int j = 0;
            for (; j <= width - vector; j += vector)
            {
                var pj = Vector.Load(p + j);
                (pj - lr * (Vector.Load(g + j) + (pj + pj) * vScale)).Store(p + j);
            }
            for (; j < width; j++) p[j] -= learningRate * (g[j] + (p[j] + p[j]) * scale);
        }
    }

    /// <summary>Lazy Adam on the given rows, in place, as torch.optim.Adam computes it (PyTorch's epsilon placement).</summary>
    private static void LazyAdamRows(float* parameters, float* first, float* second, float* gradient, long* indices, int rows, int width, RowPenalty penalty, float stepSize, float rootCorrection2)
    {
        int vector = Vector<float>.Count;
        var b1 = new Vector<float>(Beta1);
        var b2 = new Vector<float>(Beta2);
        var c1 = new Vector<float>(1 - Beta1);
        var c2 = new Vector<float>(1 - Beta2);
        var eps = new Vector<float>(Epsilon);
        var root = new Vector<float>(1 / rootCorrection2);
        var step = new Vector<float>(stepSize);
        for (int r = 0; r < rows; r++)
        {
            long offset = indices[r] * width;
            float* p = parameters + offset, m = first + offset, v = second + offset, g = gradient + (long)r * width;
            float scale = penalty.Scale(r);
            var vScale = new Vector<float>(scale);
            int j = 0;
            for (; j <= width - vector; j += vector)
            {
                var pj = Vector.Load(p + j);
                var gj = Vector.Load(g + j) + (pj + pj) * vScale;
                var mj = b1 * Vector.Load(m + j) + c1 * gj;
                var vj = b2 * Vector.Load(v + j) + c2 * gj * gj;
                mj.Store(m + j);
                vj.Store(v + j);
                (pj - step * mj / (Vector.SquareRoot(vj) * root + eps)).Store(p + j);
            }
            for (; j < width; j++)
            {
                float gj = g[j] + (p[j] + p[j]) * scale;
                float mj = Beta1 * m[j] + (1 - Beta1) * gj;
                float vj = Beta2 * v[j] + (1 - Beta2) * gj * gj;
                m[j] = mj;
                v[j] = vj;
                p[j] -= stepSize * mj / (MathF.Sqrt(vj) / rootCorrection2 + Epsilon);
            }
        }
    }

    /// <summary>
    /// The L2 gradient of a batch's distinct row r: d/dx (h c_r |x|^2) = 2 x (h c_r), with h = lambda / 2 and c_r the
    /// row's summed weights in the batch, computed as autograd does (2x, then times h c_r, never fused), so the CPU
    /// path matches the tensor path's numbers.
    /// </summary>
    private readonly struct RowPenalty(float* coefficients, float halfLambda)
    {
        public float Scale(int row) => halfLambda * coefficients[row];
    }

    /// <summary>A reused CPU tensor of one batch column, written through its memory while staging.</summary>
    private readonly struct Column<T>(Tensor tensor)
        where T : unmanaged
    {
        public T* Values { get; } = (T*)TensorMemory.Pointer(tensor);

        /// <summary>The first <paramref name="count"/> values (a view of the tensor).</summary>
        public Tensor Take(int count) => tensor.narrow(0, 0, count);
    }

    /// <summary>A row's batch stamp (== the batch id once it has a slot), its slot in the batch and its L2 weight.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RowSlot
    {
        public int Stamp;
        public int Slot;
        public float Weight;
    }

    private Tensor ToDevice(Tensor cpu) => _device.type == DeviceType.CPU ? cpu : cpu.to(_device);

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static void* Pointer(Tensor tensor) => TensorMemory.Pointer(tensor);
}
