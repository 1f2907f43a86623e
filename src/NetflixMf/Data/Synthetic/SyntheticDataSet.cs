namespace NetflixMf.Data.Synthetic;

/// <summary>An in-memory synthetic data set: the ratings as the combined_data files hold them, plus the probe and qualifying pairs.</summary>
public sealed class SyntheticDataSet
{
    internal SyntheticDataSet(RatingSet ratings, (int UserId, int MovieId)[] probePairs, (int UserId, int MovieId)[] qualifyingPairs, SyntheticDataSummary summary)
    {
        Ratings = ratings;
        ProbePairs = probePairs;
        QualifyingPairs = qualifyingPairs;
        Summary = summary;
    }

    /// <summary>Every written rating with its date, in file order (by movie, then CustomerID).</summary>
    public RatingSet Ratings { get; }

    /// <summary>The probe.txt pairs (CustomerID, MovieID) in file order; every pair is a rating of <see cref="Ratings"/>.</summary>
    public IReadOnlyList<(int UserId, int MovieId)> ProbePairs { get; }

    /// <summary>The qualifying.txt pairs (CustomerID, MovieID) in file order; none is in <see cref="Ratings"/>.</summary>
    public IReadOnlyList<(int UserId, int MovieId)> QualifyingPairs { get; }

    /// <summary>Counts, means and the oracle RMSE.</summary>
    public SyntheticDataSummary Summary { get; }
}
