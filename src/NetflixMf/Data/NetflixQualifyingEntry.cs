namespace NetflixMf.Data;

/// <summary>One line of the Netflix Prize <c>qualifying.txt</c>: a (user, movie) pair whose rating is to be predicted.</summary>
/// <param name="UserId">The raw customer id.</param>
/// <param name="MovieId">The raw movie id.</param>
/// <param name="Date">The day the rating was made.</param>
public readonly record struct NetflixQualifyingEntry(int UserId, int MovieId, DateOnly Date);
