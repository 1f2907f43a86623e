namespace NetflixMf.Models;

/// <summary>
/// A recommender whose predictions can depend on the day of the rating (time-aware biases, Koren 2009). It extends
/// <see cref="IRecommender"/> without widening it: the dateless members of <see cref="IRecommender"/> still work and
/// document what they assume about the date.
/// </summary>
public interface IDatedRecommender : IRecommender
{
    /// <summary>Predicts the rating of a (user, movie) pair of raw ids made on <paramref name="dayNumber"/>, clamped to the model's scale.</summary>
    /// <param name="userId">The raw user id.</param>
    /// <param name="movieId">The raw movie id.</param>
    /// <param name="dayNumber">The day of the rating as days since 1970-01-01 (<see cref="Data.RatingSet.ToDayNumber"/>).</param>
    float PredictOn(int userId, int movieId, int dayNumber);

    /// <summary>Predicts a batch of dated (user, movie) pairs of raw ids into <paramref name="predictions"/>.</summary>
    /// <param name="userIds">The raw user ids.</param>
    /// <param name="movieIds">The raw movie ids.</param>
    /// <param name="dayNumbers">The day of each rating as days since 1970-01-01.</param>
    /// <param name="predictions">Receives the predictions.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    void PredictOn(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, ReadOnlySpan<ushort> dayNumbers, Span<float> predictions);
}
