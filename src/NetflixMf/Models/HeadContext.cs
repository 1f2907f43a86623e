namespace NetflixMf.Models;

/// <summary>What a head factory knows when training starts (or a model is loaded).</summary>
/// <param name="EmbeddingDimension">The size k of the user and movie embeddings the head receives.</param>
public sealed record HeadContext(int EmbeddingDimension)
{
    /// <summary>The number of users: the row count of a per-user table the head declares.</summary>
    public int UserCount { get; init; }

    /// <summary>The number of movies: the row count of a per-movie table the head declares.</summary>
    public int MovieCount { get; init; }
}
