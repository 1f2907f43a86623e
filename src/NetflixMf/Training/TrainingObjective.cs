namespace NetflixMf.Training;

/// <summary>What <see cref="FactorizationTrainer"/> optimizes.</summary>
public enum TrainingObjective
{
    /// <summary>Squared error of the predicted ratings (biased matrix factorization, Koren 2009): for rating prediction and RMSE.</summary>
    Rating = 0,

    /// <summary>
    /// Bayesian personalized ranking (BPR, Rendle et al. 2009): each positive (user, movie) pair should score above a
    /// sampled movie the user has not interacted with. For top-N recommendation, from rating or implicit data; the
    /// model's predictions are then ranking scores, not ratings.
    /// </summary>
    Ranking = 1,
}
