namespace NetflixMf.Models;

/// <summary>One recommended movie.</summary>
/// <param name="MovieId">The raw movie id.</param>
/// <param name="PredictedRating">The predicted rating, clamped to the model's scale.</param>
public readonly record struct Recommendation(int MovieId, float PredictedRating);
