using NetflixMf.Data;

namespace NetflixMf.Training;

/// <summary>
/// Fits the dot product's SGD step schedule and L2 to how many ratings a user has: the defaults are tuned for users
/// with at least <see cref="ReferenceRatingsPerUser"/> ratings (MovieLens 100K, the Netflix Prize); on sparser data
/// (s = reference / mean ratings per user &gt; 1) the first learning rate grows as s^0.9, the per-epoch decay rate
/// 1 - decay as s^1.2 (larger steps early, a smaller total step budget) and the L2 shrinks as s^-0.5 (the per-rating
/// L2 adds up over a row's ratings, so a row of few ratings needs a larger weight per rating less than it seems).
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

    /// <summary>s = <see cref="ReferenceRatingsPerUser"/> / the mean number of ratings of the users who have any (1 or less: not sparse).</summary>
    public static double Sparsity(RatingView fit)
    {
        var users = fit.Source.UserIndices;
        var seen = new bool[fit.Source.Users.Count];
        int distinct = 0;
        for (int i = 0; i < fit.Count; i++)
        {
            int u = users[fit.PositionAt(i)];
            if (!seen[u])
            {
                seen[u] = true;
                distinct++;
            }
        }
        return distinct == 0 ? 1 : ReferenceRatingsPerUser / ((double)fit.Count / distinct);
    }
}
