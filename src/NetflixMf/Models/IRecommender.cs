namespace NetflixMf.Models;

/// <summary>
/// A trained recommender that predicts ratings and recommends movies from raw ids. Implementations are thread-safe for
/// prediction and recommendation.
/// </summary>
/// <remarks>
/// Predictions are always clamped to the model's rating scale and never NaN. An unknown user is predicted as global mean +
/// movie bias, an unknown movie as global mean + user bias, and a pair of unknown ids as the global mean;
/// <see cref="PredictDetailed"/> tells the caller which of these was used.
/// </remarks>
public interface IRecommender : IDisposable
{
    /// <summary>Whether the model knows the raw user id.</summary>
    bool IsKnownUser(int userId);

    /// <summary>Whether the model knows the raw movie id.</summary>
    bool IsKnownMovie(int movieId);

    /// <summary>Predicts the rating of one (user, movie) pair of raw ids, clamped to the model's rating scale.</summary>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    float Predict(int userId, int movieId);

    /// <summary>Predicts one rating and says which fallback, if any, was used.</summary>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    Prediction PredictDetailed(int userId, int movieId);

    /// <summary>Predicts a batch of (user, movie) pairs of raw ids into <paramref name="predictions"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions);

    /// <summary>Recommends the <paramref name="count"/> movies with the highest predicted rating for a user, best first.</summary>
    /// <param name="userId">The raw user id; an unknown user gets the movies with the highest global mean + movie bias.</param>
    /// <param name="count">How many movies to return at most.</param>
    /// <param name="excludeMovieIds">Raw movie ids never to recommend (for example the movies the user already rated).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The model is disposed.</exception>
    IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null);
}
