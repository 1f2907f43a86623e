namespace NetflixMf.Data;

/// <summary>The concrete line syntax of a ratings file.</summary>
internal enum DataKind
{
    /// <summary><c>MovieID:</c> headers, then <c>CustomerID,Rating,YYYY-MM-DD</c>.</summary>
    NetflixBlocks,

    /// <summary><c>user TAB item TAB rating TAB unixtime</c> (MovieLens 100K).</summary>
    MovieLensTab,

    /// <summary><c>user::movie::rating::unixtime</c> (MovieLens 1M/10M).</summary>
    MovieLensDoubleColon,

    /// <summary><c>userId,movieId,rating,timestamp</c> with an optional header (MovieLens 20M/25M/latest).</summary>
    MovieLensCsv,
}
