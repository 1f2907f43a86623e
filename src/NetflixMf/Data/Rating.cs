namespace NetflixMf.Data;

/// <summary>One rating with raw ids.</summary>
/// <param name="UserId">The raw user (Netflix CustomerID) id.</param>
/// <param name="MovieId">The raw movie id.</param>
/// <param name="Value">The rating.</param>
/// <param name="Date">The day of the rating, when the source has it.</param>
public readonly record struct Rating(int UserId, int MovieId, float Value, DateOnly? Date);
