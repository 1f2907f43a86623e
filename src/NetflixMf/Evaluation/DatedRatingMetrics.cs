using NetflixMf.Data;
using NetflixMf.Models;

namespace NetflixMf.Evaluation;

/// <summary>
/// RMSE and MAE like <see cref="RatingMetrics"/>, but passing each rating's date to models that use it
/// (<see cref="IDatedRecommender"/>, such as an <see cref="SvdPlusPlusModel"/> with time biases) when the test set has dates.
/// </summary>
public static class DatedRatingMetrics
{
    /// <summary>Computes RMSE and MAE of <paramref name="model"/> over every rating of <paramref name="test"/>, dated when possible.</summary>
    /// <param name="model">The recommender.</param>
    /// <param name="test">The test ratings (matched by raw ids).</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ErrorMetrics Evaluate(IRecommender model, RatingView test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        if (model is not IDatedRecommender || !test.Source.HasDates) return RatingMetrics.Evaluate(model, test, cancellationToken: cancellationToken);
        var predictions = new float[test.Count];
        Predict(model, test, predictions, cancellationToken);
        var source = test.Source;
        var ratings = source.Ratings;
        double squared = 0, absolute = 0;
        long unknownUsers = 0, unknownMovies = 0, unknownBoth = 0;
        bool[] knownUser = [.. source.Users.Ids.ToArray().Select(model.IsKnownUser)];
        bool[] knownMovie = [.. source.Movies.Ids.ToArray().Select(model.IsKnownMovie)];
        for (int i = 0; i < predictions.Length; i++)
        {
            int p = test.PositionAt(i);
            double error = (double)predictions[i] - ratings[p];
            squared += error * error;
            absolute += Math.Abs(error);
            bool uu = !knownUser[source.UserIndices[p]], um = !knownMovie[source.MovieIndices[p]];
            if (uu) unknownUsers++;
            if (um) unknownMovies++;
            if (uu && um) unknownBoth++;
        }
        int n = predictions.Length;
        return new ErrorMetrics(n == 0 ? double.NaN : Math.Sqrt(squared / n), n == 0 ? double.NaN : absolute / n, n, unknownUsers, unknownMovies, unknownBoth);
    }

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
        const int Batch = RatingMetrics.BatchSize;
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
                users[i] = source.Users.GetId(source.UserIndices[p]);
                movies[i] = source.Movies.GetId(source.MovieIndices[p]);
                if (dated is not null) days[i] = source.DayNumbers[p];
            }
            if (dated is not null) dated.PredictOn(users.AsSpan(0, n), movies.AsSpan(0, n), days.AsSpan(0, n), predictions.Slice(start, n));
            else model.Predict(users.AsSpan(0, n), movies.AsSpan(0, n), predictions.Slice(start, n));
        }
    }
}
