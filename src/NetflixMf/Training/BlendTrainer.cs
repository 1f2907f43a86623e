using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>
/// Fits a ridge-regularized linear blend of saved models' predictions on holdout ratings (the probe set, or a
/// carve-out), the way the Netflix Prize teams combined their models (BellKor 2008; Töscher, Jahrer and Bell 2009).
/// </summary>
/// <remarks>
/// Minimizes sum (r - w_0 - sum_k w_k r_k)^2 + lambda n sum_k w_k^2 over the holdout ratings (the intercept w_0 is not
/// penalized) by solving the normal equations in double precision. Each member predicts with the rating's date when
/// it is dated and the holdout has dates.
/// </remarks>
public static class BlendTrainer
{
    /// <summary>The default ridge penalty per holdout rating.</summary>
    public const double DefaultL2Regularization = 1e-4;

    /// <summary>Loads the member models from their files and fits the blend on <paramref name="holdout"/>.</summary>
    /// <param name="modelPaths">The member model files (any kind <see cref="RecommenderFile.Load(string, HeadFactory?)"/> reads).</param>
    /// <param name="holdout">Ratings none of the members was trained on.</param>
    /// <param name="l2Regularization">The ridge penalty lambda per holdout rating.</param>
    /// <param name="cancellationToken">Stops between members.</param>
    /// <exception cref="ArgumentException">No model path, or an empty holdout.</exception>
    /// <exception cref="InvalidDataException">A model file is not a NetflixMf model or is corrupt.</exception>
    public static BlendResult Fit(IReadOnlyList<string> modelPaths, RatingView holdout, double l2Regularization = DefaultL2Regularization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelPaths);
        if (modelPaths.Count == 0) throw new ArgumentException("A blend needs at least one model.", nameof(modelPaths));
        var members = new List<IRecommender>();
        var files = new List<byte[]>();
        try
        {
            foreach (string path in modelPaths)
            {
                // The blend embeds each member's file, so it is read once and loaded from memory.
                FileKind.RequireRegular(path, "model file", allowMissing: false);
                byte[] bytes = File.ReadAllBytes(path);
                files.Add(bytes);
                using var member = new MemoryStream(bytes, writable: false);
                members.Add(RecommenderFile.Load(member, path));
            }
            return Fit(members, files, [.. modelPaths.Select(Path.GetFileName).Select(n => n ?? "model")], holdout, l2Regularization, cancellationToken);
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }

    /// <summary>Fits the blend of loaded members; the blend takes ownership of them.</summary>
    internal static BlendResult Fit(IReadOnlyList<IRecommender> members, IReadOnlyList<byte[]> files, IReadOnlyList<string> names, RatingView holdout, double l2Regularization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        if (holdout.Count == 0) throw new ArgumentException("The holdout has no ratings.", nameof(holdout));
        if (!(l2Regularization >= 0) || double.IsInfinity(l2Regularization)) throw new ArgumentOutOfRangeException(nameof(l2Regularization), l2Regularization, "The ridge penalty must be a finite number >= 0.");
        int n = holdout.Count, count = members.Count;
        var features = new float[count][];
        var memberRmse = new double[count];
        var actual = new float[n];
        for (int i = 0; i < n; i++) actual[i] = holdout.Source.Ratings[holdout.PositionAt(i)];
        for (int k = 0; k < count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            features[k] = new float[n];
            RatingMetrics.Predict(members[k], holdout, features[k], cancellationToken);
            memberRmse[k] = RatingMetrics.Rmse(features[k], actual);
        }
        double[] weights = SolveRidge(features, actual, l2Regularization);
        var scale = holdout.Source.Scale;
        var blend = new BlendModel(members, files, names, weights[0], weights[1..], scale.Minimum, scale.Maximum);
        var blended = new float[n];
        for (int i = 0; i < n; i++)
        {
            double value = weights[0];
            for (int k = 0; k < count; k++) value += weights[k + 1] * features[k][i];
            blended[i] = scale.Clamp((float)value);
        }
        return new BlendResult(blend, memberRmse, RatingMetrics.Rmse(blended, actual), n);
    }

    /// <summary>[w_0, w_1..w_K] minimizing sum (y - w_0 - X w)^2 + lambda n |w|^2 (w_0 unpenalized).</summary>
    internal static double[] SolveRidge(float[][] features, ReadOnlySpan<float> targets, double l2Regularization)
    {
        int d = features.Length + 1;
        int n = targets.Length;
        var a = new double[d, d];
        var b = new double[d];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            row[0] = 1;
            for (int k = 1; k < d; k++) row[k] = features[k - 1][i];
            for (int r = 0; r < d; r++)
            {
                b[r] += row[r] * targets[i];
                for (int c = r; c < d; c++) a[r, c] += row[r] * row[c];
            }
        }
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < r; c++) a[r, c] = a[c, r];
        }
        for (int k = 1; k < d; k++) a[k, k] += l2Regularization * n;
        return Solve(a, b);
    }

    /// <summary>Gaussian elimination with partial pivoting; a singular system (e.g. identical members) gets a tiny ridge.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int d = b.Length;
        double trace = 0;
        for (int i = 0; i < d; i++) trace += a[i, i];
        for (int i = 1; i < d; i++) a[i, i] += 1e-12 * trace;
        for (int col = 0; col < d; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < d; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (pivot != col)
            {
                for (int c = 0; c < d; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            if (a[col, col] == 0) throw new InvalidOperationException("The blend's normal equations are singular.");
            for (int r = col + 1; r < d; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < d; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[d];
        for (int r = d - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int c = r + 1; c < d; c++) sum -= a[r, c] * x[c];
            x[r] = sum / a[r, r];
        }
        return x;
    }
}
