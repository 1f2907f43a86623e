using NetflixMf.Shared;

namespace NetflixMf.Data.Synthetic;

/// <summary>The shape of a synthetic data set in the Netflix Prize format, drawn from a known low-rank model.</summary>
/// <remarks>
/// The defaults are the size of the real Netflix Prize training set (<see cref="NetflixScale"/>); tests use
/// <see cref="Tiny"/>, demos <see cref="Demo"/>. Tweak with <c>with { ... }</c>; <see cref="Validate"/> runs before any
/// generation and names the offending option and its allowed range.
/// </remarks>
public sealed record SyntheticDataOptions
{
    /// <summary>The number of distinct users (CustomerIDs) in the model.</summary>
    /// <value>480,189, as in the Netflix Prize. A user whom no movie draws has no rating and does not appear in the files.</value>
    public int Users { get; init; } = 480_189;

    /// <summary>The number of movies; their ids are 1..Movies and every movie has at least one rating.</summary>
    /// <value>17,770, as in the Netflix Prize.</value>
    public int Movies { get; init; } = 17_770;

    /// <summary>The exact number of ratings written to the combined_data files (probe ratings included, qualifying not).</summary>
    /// <value>100,480,507, as in the Netflix Prize.</value>
    public int Ratings { get; init; } = 100_480_507;

    /// <summary>The largest CustomerID; the user ids are a random sorted subset of 1..MaxUserId, sparse like Netflix's.</summary>
    /// <value><see langword="null"/>: <c>Users x 2,649,429 / 480,189</c>, the Netflix ratio (2,649,429 for the default size).</value>
    public int? MaxUserId { get; init; }

    /// <summary>The number of latent factors of the true model (its rank).</summary>
    /// <value>12.</value>
    public int Factors { get; init; } = 12;

    /// <summary>The standard deviation of the Gaussian noise added to the true rating before rounding.</summary>
    /// <value>0.8, which puts the oracle RMSE (the true model against the written ratings) near 0.78 and the global-mean RMSE near 1.06 (Netflix: 1.085).</value>
    public double NoiseStandardDeviation { get; init; } = 0.8;

    /// <summary>The seed of everything random: the same options give byte-identical files.</summary>
    /// <value>20,061,002.</value>
    public int Seed { get; init; } = 20_061_002;

    /// <summary>The number of combined_data_N.txt files; movies are cut into that many id ranges of about equal size.</summary>
    /// <value>4, as in the Netflix Prize.</value>
    public int CombinedFiles { get; init; } = 4;

    /// <summary>The fraction of ratings also listed in probe.txt.</summary>
    /// <value>0.014 (1,408,395 probe pairs in the Netflix Prize).</value>
    public double ProbeFraction { get; init; } = 0.014;

    /// <summary>The number of hidden (user, movie, date) pairs of qualifying.txt relative to <see cref="Ratings"/>; their
    /// ratings are drawn from the same model but never written.</summary>
    /// <value>0.028 (2,817,131 qualifying pairs in the Netflix Prize).</value>
    public double QualifyingFraction { get; init; } = 0.028;

    /// <summary>Whether to write qualifying.txt.</summary>
    /// <value><see langword="true"/>.</value>
    public bool WriteQualifying { get; init; } = true;

    /// <summary>Whether to write movie_titles.txt (Latin-1, CRLF, <c>MovieID,Year,Title</c>, some NULL years).</summary>
    /// <value><see langword="true"/>.</value>
    public bool WriteMovieTitles { get; init; } = true;

    /// <summary>The earliest rating date.</summary>
    /// <value>1998-10-01, when the Netflix Prize data starts.</value>
    public DateOnly FirstDate { get; init; } = new(1998, 10, 1);

    /// <summary>The latest rating date.</summary>
    /// <value>2005-12-31, when the Netflix Prize data ends.</value>
    public DateOnly LastDate { get; init; } = new(2005, 12, 31);

    /// <summary>The full Netflix Prize size: 100,480,507 ratings, about 2.1 GB of text. Write it to files; do not hold it in memory.</summary>
    public static SyntheticDataOptions NetflixScale { get; } = new();

    /// <summary>About 20,000 ratings by 1,000 users on 200 movies: for unit tests (generates in milliseconds).</summary>
    public static SyntheticDataOptions Tiny { get; } = new()
    {
        Users = 1_000,
        Movies = 200,
        Ratings = 20_000,
        Factors = 8,
        CombinedFiles = 2,
    };

    /// <summary>1,000,000 ratings by 20,000 users on 2,000 movies: big enough to show learning, small enough for a demo under a minute.</summary>
    public static SyntheticDataOptions Demo { get; } = new()
    {
        Users = 20_000,
        Movies = 2_000,
        Ratings = 1_000_000,
    };

    /// <summary>The largest share of all users that may rate one movie (the most rated Netflix movie has 48.5%).</summary>
    internal const double MaxMovieShare = 0.5;

    /// <summary>The effective largest CustomerID.</summary>
    internal int EffectiveMaxUserId => MaxUserId ?? (int)Math.Max(Users, Math.Round(Users * (2_649_429.0 / 480_189.0)));

    /// <summary>Checks every option and throws for the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its allowed range; the message names it.</exception>
    public void Validate()
    {
        if (Users is < 2 or > 50_000_000) throw Bad(nameof(Users), Users, "2..50,000,000");
        if (Movies is < 1 or > 1_000_000) throw Bad(nameof(Movies), Movies, "1..1,000,000");
        long capacity = (long)Movies * Math.Max(1, (int)(Users * MaxMovieShare));
        if (Ratings < Movies || Ratings > capacity)
        {
            throw Bad(nameof(Ratings), Ratings, $"{Movies:N0}..{capacity:N0} (at least one rating per movie, at most {MaxMovieShare:P0} of the users per movie)");
        }
        if (MaxUserId is { } max && max < Users) throw Bad(nameof(MaxUserId), max, $"{Users:N0}..{int.MaxValue:N0} (at least Users)");
        if (Factors is < 1 or > 256) throw Bad(nameof(Factors), Factors, "1..256");
        if (!(NoiseStandardDeviation >= 0 && NoiseStandardDeviation <= 5)) throw Bad(nameof(NoiseStandardDeviation), NoiseStandardDeviation, "0..5");
        if (CombinedFiles < 1 || CombinedFiles > Math.Min(Movies, 99)) throw Bad(nameof(CombinedFiles), CombinedFiles, $"1..{Math.Min(Movies, 99)}");
        if (!(ProbeFraction >= 0 && ProbeFraction <= 0.5)) throw Bad(nameof(ProbeFraction), ProbeFraction, "0..0.5");
        if (!(QualifyingFraction >= 0 && QualifyingFraction <= 0.1)) throw Bad(nameof(QualifyingFraction), QualifyingFraction, "0..0.1");
        if (FirstDate < UnixEpoch.Date || LastDate < FirstDate || LastDate > new DateOnly(2149, 1, 1))
        {
            throw Bad(nameof(LastDate), LastDate, $"{nameof(FirstDate)}..2149-01-01, with {nameof(FirstDate)} on or after 1970-01-01");
        }
    }

    private static ArgumentOutOfRangeException Bad(string option, object value, string range) =>
        new(option, value, $"{nameof(SyntheticDataOptions)}.{option} must lie in {range}.");
}
