using NetflixMf.Data;

namespace NetflixMf.Training;

/// <summary>
/// Fits the dot product's SGD step schedule and L2 to data of many sparse users and dense movies (the Netflix shape):
/// the defaults are tuned for users with at least <see cref="ReferenceRatingsPerUser"/> ratings (MovieLens 100K, the
/// Netflix Prize); when users have fewer and movies more (s = <see cref="Sparsity"/> &gt; 1) the first learning rate
/// grows as s^0.9, the per-epoch decay rate 1 - decay as s^1.2 (larger steps early, a smaller total step budget) and
/// the per-rating L2 shrinks as s^-0.5. The exponents were measured, not derived.
/// </summary>
/// <remarks>
/// Measured on a 10M-rating Netflix-shaped synthetic set (21 ratings per user): with the reference values the factors
/// sit on a plateau for about 30 epochs and end at probe RMSE 0.867 after 80; scaled (s = 3.7) they are within 0.3% of
/// that by epoch 9 and end at 0.862. See docs/benchmarks.md, "Heads at their defaults on every data size".
/// </remarks>
internal static class SparseUserSchedule
{
    /// <summary>The mean ratings per user at and above which the options are used as given.</summary>
    public const double ReferenceRatingsPerUser = 80;

    /// <summary>The learning rate, decay and L2 to train with on <paramref name="fit"/> (the options' own when its users are not sparse).</summary>
    public static (float LearningRate, float LearningRateDecay, float L2Regularization, double Sparsity) For(RatingView fit, TrainerOptions options)
    {
        double s = Sparsity(fit);
        if (s <= 1) return (options.LearningRate, options.LearningRateDecay, options.L2Regularization, 1);
        float learningRate = (float)Math.Min(options.LearningRate * Math.Pow(s, 0.9), 100);
        double decayRate = (1 - options.LearningRateDecay) * Math.Pow(s, 1.2);
        float decay = (float)Math.Clamp(1 - decayRate, 0.5, 1);
        float l2 = (float)(options.L2Regularization / Math.Sqrt(s));
        return (learningRate, decay, l2, s);
    }

    /// <summary>
    /// s = min(reference / mean ratings per user, mean ratings per movie / reference), over the users and movies the
    /// view has ratings of (1 or less: the options are used as given). Both must hold: users so sparse that their rows
    /// get few steps per epoch, and movies dense enough to afford less L2 (a small set sparse on both sides overfits).
    /// </summary>
    public static double Sparsity(RatingView fit)
    {
        var users = fit.Source.UserIndices;
        var movies = fit.Source.MovieIndices;
        var seenUsers = new bool[fit.Source.Users.Count];
        var seenMovies = new bool[fit.Source.Movies.Count];
        int distinctUsers = 0, distinctMovies = 0;
        for (int i = 0; i < fit.Count; i++)
        {
            int p = fit.PositionAt(i);
            if (!seenUsers[users[p]])
            {
                seenUsers[users[p]] = true;
                distinctUsers++;
            }
            if (!seenMovies[movies[p]])
            {
                seenMovies[movies[p]] = true;
                distinctMovies++;
            }
        }
        if (distinctUsers == 0) return 1;
        double perUser = (double)fit.Count / distinctUsers;
        double perMovie = (double)fit.Count / distinctMovies;
        return Math.Min(ReferenceRatingsPerUser / perUser, perMovie / ReferenceRatingsPerUser);
    }
}
