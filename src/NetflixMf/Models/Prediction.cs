namespace NetflixMf.Models;

/// <summary>A predicted rating and how it was obtained.</summary>
/// <param name="Value">The prediction, clamped to the model's rating scale.</param>
/// <param name="Basis">Which ids were known to the model.</param>
public readonly record struct Prediction(float Value, PredictionBasis Basis);
