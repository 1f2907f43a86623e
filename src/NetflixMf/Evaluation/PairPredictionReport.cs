namespace NetflixMf.Evaluation;

/// <summary>What <see cref="PairFilePredictor"/> did: how many pairs it predicted and, when the true ratings were known, the RMSE.</summary>
/// <param name="Pairs">The pairs predicted (one output line each, besides the <c>MovieID:</c> headers).</param>
/// <param name="RatedPairs">The pairs whose true rating was known (probe pairs found in the ratings, or rating-file lines).</param>
/// <param name="Rmse">The RMSE over the rated pairs, or <see langword="null"/> when none was rated.</param>
/// <param name="Seconds">Wall-clock time of reading, predicting and writing.</param>
public sealed record PairPredictionReport(long Pairs, long RatedPairs, double? Rmse, double Seconds);
