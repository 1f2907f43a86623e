namespace NetflixMf.Models;

/// <summary>
/// The prediction-time parameters of an <see cref="SvdPlusPlusModel"/> as plain arrays: what the trainer exports and the
/// model file stores. The implicit part of SVD++ is folded into the user vectors at export
/// (z_u = p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j), since N(u) is fixed once training ends.
/// </summary>
internal sealed class SvdPlusPlusParameters
{
    public SvdPlusPlusParameters(int factors, float globalMean, float[] userBiases, float[] movieBiases, float[] userFactors, float[] movieFactors, TimeBiasTables? time)
    {
        if (factors < 1 || userFactors.Length != (long)userBiases.Length * factors || movieFactors.Length != (long)movieBiases.Length * factors)
        {
            throw new ArgumentException("The SVD++ tables do not fit together.");
        }
        if (time is not null && (time.UserMeanDays.Length != userBiases.Length || time.MovieBinBiases.Length != (long)movieBiases.Length * time.Bins))
        {
            throw new ArgumentException("The time-bias tables do not match the user and movie counts.");
        }
        Factors = factors;
        GlobalMean = globalMean;
        UserBiases = userBiases;
        MovieBiases = movieBiases;
        UserFactors = userFactors;
        MovieFactors = movieFactors;
        Time = time;
    }

    public int Factors { get; }

    public float GlobalMean { get; }

    public float[] UserBiases { get; }

    public float[] MovieBiases { get; }

    /// <summary>[users * factors]: z_u, the explicit user factors plus the normalized sum of the implicit factors.</summary>
    public float[] UserFactors { get; }

    /// <summary>[movies * factors]: q_i.</summary>
    public float[] MovieFactors { get; }

    public TimeBiasTables? Time { get; }
}
