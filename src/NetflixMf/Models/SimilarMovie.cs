namespace NetflixMf.Models;

/// <summary>A movie similar to another one by the cosine of their learned embeddings.</summary>
/// <param name="MovieId">The raw movie id.</param>
/// <param name="Similarity">The cosine similarity of the two movies' embeddings, in [-1, 1].</param>
public readonly record struct SimilarMovie(int MovieId, float Similarity);
