namespace NetflixMf.Models;

/// <summary>
/// The time-aware bias terms of timeSVD++ (Koren 2009): b_u(t) = b_u + alpha_u dev_u(t) + b_{u,t} and
/// b_i(t) = b_i + b_{i,Bin(t)}, stored beside the static biases of a <see cref="SvdPlusPlusModel"/>.
/// </summary>
/// <remarks>
/// dev_u(t) = sign(t - t_u) |t - t_u|^Beta with t_u the mean day of the user's training ratings. The day biases
/// b_{u,t} exist only for the days on which the user rated in training (a sorted list per user, CSR); another day gets
/// none. Days before the first bin or after the last fall into the nearest bin.
/// </remarks>
internal sealed class TimeBiasTables
{
    public TimeBiasTables(float beta, int firstDay, int binDays, int bins, float[] userMeanDays, float[] userDrifts, int[] userDayStarts, ushort[] userDays, float[] userDayBiases, float[] movieBinBiases)
    {
        if (!(beta > 0 && beta <= 2) || binDays < 1 || bins < 1) throw new ArgumentException("Invalid time-bias settings.");
        if (userDrifts.Length != userMeanDays.Length || userDayStarts.Length != userMeanDays.Length + 1
            || userDays.Length != userDayBiases.Length || userDayStarts[^1] != userDays.Length || movieBinBiases.Length % bins != 0)
        {
            throw new ArgumentException("The time-bias tables do not fit together.");
        }
        Beta = beta;
        FirstDay = firstDay;
        BinDays = binDays;
        Bins = bins;
        UserMeanDays = userMeanDays;
        UserDrifts = userDrifts;
        UserDayStarts = userDayStarts;
        UserDays = userDays;
        UserDayBiases = userDayBiases;
        MovieBinBiases = movieBinBiases;
    }

    /// <summary>The exponent of dev_u(t) (0.4 in Koren 2009).</summary>
    public float Beta { get; }

    /// <summary>The first day of the first movie bin.</summary>
    public int FirstDay { get; }

    /// <summary>Days per movie bin.</summary>
    public int BinDays { get; }

    /// <summary>The number of movie bins.</summary>
    public int Bins { get; }

    /// <summary>t_u per user index (days since 1970-01-01).</summary>
    public float[] UserMeanDays { get; }

    /// <summary>alpha_u per user index.</summary>
    public float[] UserDrifts { get; }

    /// <summary>The day biases of user u are UserDayBiases[UserDayStarts[u]..UserDayStarts[u + 1]].</summary>
    public int[] UserDayStarts { get; }

    /// <summary>The sorted days (per user) that have a day bias.</summary>
    public ushort[] UserDays { get; }

    /// <summary>b_{u,t} for each entry of <see cref="UserDays"/>.</summary>
    public float[] UserDayBiases { get; }

    /// <summary>b_{i,bin} as [movie * Bins + bin].</summary>
    public float[] MovieBinBiases { get; }

    /// <summary>The bin of a day, clamped to the nearest bin outside the trained range.</summary>
    public int Bin(int day) => day < FirstDay ? 0 : Math.Min((day - FirstDay) / BinDays, Bins - 1);

    /// <summary>dev_u(t) = sign(t - t_u) |t - t_u|^beta.</summary>
    public static float Deviation(float day, float meanDay, float beta)
    {
        float d = day - meanDay;
        return d == 0 ? 0 : MathF.CopySign(MathF.Pow(MathF.Abs(d), beta), d);
    }

    /// <summary>alpha_u dev_u(t) + b_{u,t} for a known user index (b_{u,t} = 0 on a day without a trained day bias).</summary>
    public float UserTerm(int user, int day)
    {
        float term = UserDrifts[user] * Deviation(day, UserMeanDays[user], Beta);
        int start = UserDayStarts[user], end = UserDayStarts[user + 1];
        if (end > start && day >= 0 && day <= ushort.MaxValue)
        {
            int found = Array.BinarySearch(UserDays, start, end - start, (ushort)day);
            if (found >= 0) term += UserDayBiases[found];
        }
        return term;
    }

    /// <summary>b_{i,Bin(t)} for a known movie index.</summary>
    public float MovieTerm(int movie, int day) => MovieBinBiases[(long)movie * Bins + Bin(day)];
}
