using System.Buffers;
using NetflixMf.Data;
using NetflixMf.Models;

namespace NetflixMf.Evaluation;

/// <summary>Rating-prediction error (RMSE, MAE) of any <see cref="IRecommender"/> over a test set.</summary>
public static class RatingMetrics
{
    /// <summary>How many pairs go to the model in one batched <see cref="IRecommender.Predict(ReadOnlySpan{int}, ReadOnlySpan{int}, Span{float})"/> call.</summary>
    internal const int BatchSize = 1 << 16;

    /// <summary>Computes RMSE and MAE of <paramref name="model"/> over every rating of <paramref name="test"/>.</summary>
    /// <param name="model">The recommender to evaluate.</param>
    /// <param name="test">The test ratings; their set may differ from the training set (ids are matched as raw ids).</param>
    /// <param name="progress">Receives the number of ratings done after each batch.</param>
    /// <param name="cancellationToken">Stops the evaluation between batches.</param>
    /// <remarks>
    /// The ratings go to the model in batches of <see cref="BatchSize"/> pairs through pooled buffers, so memory does
    /// not grow with the test set. Sums are accumulated in <see cref="double"/> in view order, so the result is the same
    /// on every run. An empty view gives NaN errors and a count of 0.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public static ErrorMetrics Evaluate(IRecommender model, RatingView test, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Evaluate(model, test, BatchSize, progress, cancellationToken);

    internal static ErrorMetrics Evaluate(IRecommender model, RatingView test, int batchSize, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        cancellationToken.ThrowIfCancellationRequested();

        RatingSet source = test.Source;
        // The test set has its own dense indices; asking the model once per distinct id keeps the per-rating loop free
        // of interface calls.
        bool[] knownUser = KnownFlags(source.Users.Ids, model.IsKnownUser);
        bool[] knownMovie = KnownFlags(source.Movies.Ids, model.IsKnownMovie);

        int count = test.Count;
        int bufferLength = Math.Min(batchSize, Math.Max(count, 1));
        int[] userIds = ArrayPool<int>.Shared.Rent(bufferLength);
        int[] movieIds = ArrayPool<int>.Shared.Rent(bufferLength);
        float[] predictions = ArrayPool<float>.Shared.Rent(bufferLength);
        // A model that knows time (time-aware biases) predicts each rating at its own date when the data has dates.
        var dated = source.HasDates ? model as IDatedRecommender : null;
        var byIndex = OverOwnIndexes(model, source, dated);
        ushort[]? days = dated is null ? null : ArrayPool<ushort>.Shared.Rent(bufferLength);
        try
        {
            ReadOnlySpan<int> userIndices = source.UserIndices;
            ReadOnlySpan<int> movieIndices = source.MovieIndices;
            ReadOnlySpan<float> ratings = source.Ratings;
            ReadOnlySpan<int> users = source.Users.Ids;
            ReadOnlySpan<int> movies = source.Movies.Ids;
            double squared = 0, absolute = 0;
            long unknownUsers = 0, unknownMovies = 0, unknownBoth = 0;
            for (int start = 0; start < count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int length = Math.Min(batchSize, count - start);
                for (int i = 0; i < length; i++)
                {
                    int position = test.PositionAt(start + i);
                    int u = userIndices[position], m = movieIndices[position];
                    userIds[i] = byIndex is null ? users[u] : u;
                    movieIds[i] = byIndex is null ? movies[m] : m;
                    if (days is not null) days[i] = source.DayNumbers[position];
                    bool userUnknown = !knownUser[u], movieUnknown = !knownMovie[m];
                    if (userUnknown) unknownUsers++;
                    if (movieUnknown) unknownMovies++;
                    if (userUnknown && movieUnknown) unknownBoth++;
                }
                if (dated is not null) dated.PredictOn(userIds.AsSpan(0, length), movieIds.AsSpan(0, length), days.AsSpan(0, length), predictions.AsSpan(0, length));
                else if (byIndex is not null) byIndex.PredictByIndex(userIds.AsSpan(0, length), movieIds.AsSpan(0, length), predictions.AsSpan(0, length));
                else model.Predict(userIds.AsSpan(0, length), movieIds.AsSpan(0, length), predictions.AsSpan(0, length));
                for (int i = 0; i < length; i++)
                {
                    double error = (double)predictions[i] - ratings[test.PositionAt(start + i)];
                    squared += error * error;
                    absolute += Math.Abs(error);
                }
                progress?.Report(new EvaluationProgress(start + length, count));
            }
            double rmse = count == 0 ? double.NaN : Math.Sqrt(squared / count);
            double mae = count == 0 ? double.NaN : absolute / count;
            return new ErrorMetrics(rmse, mae, count, unknownUsers, unknownMovies, unknownBoth);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(userIds);
            ArrayPool<int>.Shared.Return(movieIds);
            ArrayPool<float>.Shared.Return(predictions);
            if (days is not null) ArrayPool<ushort>.Shared.Return(days);
        }
    }

    /// <summary>The root mean squared error between predicted and actual ratings, accumulated in <see cref="double"/>.</summary>
    /// <returns>sqrt(Σ(p − r)² / n), or NaN when the spans are empty.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Rmse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckLengths(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double error = (double)predicted[i] - actual[i];
            sum += error * error;
        }
        return predicted.IsEmpty ? double.NaN : Math.Sqrt(sum / predicted.Length);
    }

    /// <summary>The mean absolute error between predicted and actual ratings, accumulated in <see cref="double"/>.</summary>
    /// <returns>Σ|p − r| / n, or NaN when the spans are empty.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Mae(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckLengths(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++) sum += Math.Abs((double)predicted[i] - actual[i]);
        return predicted.IsEmpty ? double.NaN : sum / predicted.Length;
    }

    private static void CheckLengths(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException($"The predicted ({predicted.Length}) and actual ({actual.Length}) ratings differ in length.", nameof(actual));
        }
    }

    private static bool[] KnownFlags(ReadOnlySpan<int> ids, Func<int, bool> isKnown)
    {
        var known = new bool[ids.Length];
        for (int i = 0; i < ids.Length; i++) known[i] = isKnown(ids[i]);
        return known;
    }

    /// <summary>The model when it can be asked by index over <paramref name="source"/>'s own indexes (the trainer's per-epoch evaluation).</summary>
    private static IIndexPredictor? OverOwnIndexes(IRecommender model, RatingSet source, IDatedRecommender? dated) =>
        dated is null && model is IIndexPredictor indexed && indexed.UsesIndexes(source.Users, source.Movies) ? indexed : null;

    /// <summary>Predicts every rating of <paramref name="view"/> into <paramref name="predictions"/> (view order), with dates when the model and the data have them.</summary>
    /// <param name="model">The recommender.</param>
    /// <param name="view">The pairs to predict.</param>
    /// <param name="predictions">Receives one prediction per rating of the view.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException"><paramref name="predictions"/> is not as long as the view.</exception>
    public static void Predict(IRecommender model, RatingView view, Span<float> predictions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(view);
        if (predictions.Length != view.Count) throw new ArgumentException($"predictions has {predictions.Length} entries for {view.Count} ratings.", nameof(predictions));
        var source = view.Source;
        var dated = source.HasDates ? model as IDatedRecommender : null;
        var byIndex = OverOwnIndexes(model, source, dated);
        const int Batch = BatchSize;
        int length = Math.Min(Batch, Math.Max(1, view.Count));
        var users = new int[length];
        var movies = new int[length];
        var days = new ushort[length];
        for (int start = 0; start < view.Count; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(Batch, view.Count - start);
            for (int i = 0; i < n; i++)
            {
                int p = view.PositionAt(start + i);
                users[i] = byIndex is null ? source.Users.GetId(source.UserIndices[p]) : source.UserIndices[p];
                movies[i] = byIndex is null ? source.Movies.GetId(source.MovieIndices[p]) : source.MovieIndices[p];
                if (dated is not null) days[i] = source.DayNumbers[p];
            }
            if (dated is not null) dated.PredictOn(users.AsSpan(0, n), movies.AsSpan(0, n), days.AsSpan(0, n), predictions.Slice(start, n));
            else if (byIndex is not null) byIndex.PredictByIndex(users.AsSpan(0, n), movies.AsSpan(0, n), predictions.Slice(start, n));
            else model.Predict(users.AsSpan(0, n), movies.AsSpan(0, n), predictions.Slice(start, n));
        }
    }
}
