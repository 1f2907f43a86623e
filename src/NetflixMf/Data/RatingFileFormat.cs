namespace NetflixMf.Data;

/// <summary>The layout of a ratings file.</summary>
public enum RatingFileFormat
{
    /// <summary>Detect the format from the file and folder names and from the first non-blank line.</summary>
    Auto = 0,

    /// <summary>Netflix Prize block format: a <c>MovieID:</c> line, then <c>CustomerID,Rating,YYYY-MM-DD</c> lines.</summary>
    Netflix = 1,

    /// <summary>
    /// MovieLens: <c>user&lt;TAB&gt;item&lt;TAB&gt;rating&lt;TAB&gt;unixtime</c> (<c>u.data</c>, <c>u1.base</c>...),
    /// <c>user::movie::rating::unixtime</c> (<c>ratings.dat</c>) or <c>userId,movieId,rating,timestamp</c> (<c>ratings.csv</c>).
    /// </summary>
    MovieLens = 2,
}
