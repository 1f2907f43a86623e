namespace NetflixMf.Models;

/// <summary>What a head factory knows when training starts.</summary>
/// <param name="EmbeddingDimension">The size k of the user and movie embeddings the head receives.</param>
public sealed record HeadContext(int EmbeddingDimension);
