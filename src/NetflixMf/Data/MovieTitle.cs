namespace NetflixMf.Data;

/// <summary>A movie of the Netflix Prize <c>movie_titles.txt</c>.</summary>
/// <param name="MovieId">The raw movie id.</param>
/// <param name="Year">The year of release, or <see langword="null"/> where the file says <c>NULL</c>.</param>
/// <param name="Title">The title, decoded from Latin-1.</param>
public sealed record MovieTitle(int MovieId, int? Year, string Title);
