namespace NetflixMf.Shared;

/// <summary>The one Unix epoch (1970-01-01) that day numbers in rating files, caches and rating sets count from.</summary>
public static class UnixEpoch
{
    /// <summary>1970-01-01, day 0 of every day number in NetflixMf.</summary>
    public static DateOnly Date { get; } = new(1970, 1, 1);

    /// <summary>The date <paramref name="days"/> days after <see cref="Date"/>.</summary>
    /// <param name="days">Days since 1970-01-01.</param>
    /// <returns>The calendar date.</returns>
    public static DateOnly AddDays(int days) => Date.AddDays(days);
}
