namespace NetflixMf.Models;

/// <summary>The rules every <see cref="IRecommender"/> implementation shares: which fallback a pair gets, and the batch shape.</summary>
internal static class PredictionRules
{
    /// <summary>The basis of a prediction for a pair whose user and movie are or are not known to the model.</summary>
    public static PredictionBasis Basis(bool knownUser, bool knownMovie) => (knownUser, knownMovie) switch
    {
        (true, true) => PredictionBasis.Model,
        (false, true) => PredictionBasis.UnknownUser,
        (true, false) => PredictionBasis.UnknownMovie,
        _ => PredictionBasis.UnknownUserAndMovie,
    };

    /// <summary>Throws unless the three spans of a batched prediction have one length.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void RequireBatch(int userIds, int movieIds, int predictions)
    {
        if (userIds != movieIds || predictions != userIds)
        {
            throw new ArgumentException($"userIds ({userIds}), movieIds ({movieIds}) and predictions ({predictions}) must have the same length.");
        }
    }
}
