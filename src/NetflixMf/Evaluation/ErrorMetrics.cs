using System.Globalization;
using NetflixMf.Models;

namespace NetflixMf.Evaluation;

/// <summary>The rating-prediction error of a recommender over a test set.</summary>
/// <param name="Rmse">The root mean squared error, sqrt(Σ(p − r)² / n); NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Mae">The mean absolute error, Σ|p − r| / n; NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Count">The number of test ratings n.</param>
/// <param name="UnknownUsers">Test ratings whose user the model does not know (predicted from the movie bias, or the global mean when the movie is unknown too).</param>
/// <param name="UnknownMovies">Test ratings whose movie the model does not know (predicted from the user bias, or the global mean when the user is unknown too).</param>
/// <param name="UnknownUsersAndMovies">Test ratings whose user and movie are both unknown (predicted as the global mean); they are also counted in <paramref name="UnknownUsers"/> and <paramref name="UnknownMovies"/>.</param>
/// <remarks>
/// Every test rating counts, including those the model could only predict with a fallback; the unknown counts tell
/// how many did. Predictions are the model's, clamped to its scale (Koren, Bell and Volinsky 2009 report the Netflix
/// Prize RMSE this way).
/// </remarks>
public sealed record ErrorMetrics(double Rmse, double Mae, long Count, long UnknownUsers, long UnknownMovies, long UnknownUsersAndMovies)
{
    /// <summary>The number of test ratings whose prediction used <paramref name="basis"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="basis"/> is not a defined value.</exception>
    public long CountOf(PredictionBasis basis) => basis switch
    {
        PredictionBasis.Model => Count - UnknownUsers - UnknownMovies + UnknownUsersAndMovies,
        PredictionBasis.UnknownUser => UnknownUsers - UnknownUsersAndMovies,
        PredictionBasis.UnknownMovie => UnknownMovies - UnknownUsersAndMovies,
        PredictionBasis.UnknownUserAndMovie => UnknownUsersAndMovies,
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Unknown prediction basis."),
    };

    /// <summary>One line for logs and the command line, for example <c>RMSE 0.8563  MAE 0.6712  n=1,408,395 (unknown users 0, unknown movies 12)</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RMSE {Rmse:F4}  MAE {Mae:F4}  n={Count:N0} (unknown users {UnknownUsers:N0}, unknown movies {UnknownMovies:N0})");
}
