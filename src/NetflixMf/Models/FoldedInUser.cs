namespace NetflixMf.Models;

/// <summary>
/// A user the model was not trained on, placed in its embedding space from a few ratings by
/// <see cref="FactorizationModel.FoldInUser"/>: an embedding and a bias to predict and recommend with.
/// </summary>
/// <remarks>It holds plain copies, so it can be kept, compared across models of the same shape, or rebuilt from saved values.</remarks>
public sealed class FoldedInUser
{
    private readonly float[] _embedding;

    /// <summary>Creates a folded-in user from an embedding and a bias (for example, values saved earlier).</summary>
    /// <param name="embedding">The user's embedding p_u; copied.</param>
    /// <param name="bias">The user's bias b_u.</param>
    /// <param name="ratingCount">How many ratings the values were fitted to (informational).</param>
    /// <exception cref="ArgumentException">The embedding is empty or holds a value that is not finite, or the bias is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratingCount"/> is negative.</exception>
    public FoldedInUser(ReadOnlySpan<float> embedding, float bias, int ratingCount = 0)
    {
        if (embedding.IsEmpty) throw new ArgumentException("The embedding is empty.", nameof(embedding));
        foreach (float value in embedding)
        {
            if (!float.IsFinite(value)) throw new ArgumentException("The embedding holds a value that is not finite.", nameof(embedding));
        }
        if (!float.IsFinite(bias)) throw new ArgumentException($"The bias {bias} is not finite.", nameof(bias));
        ArgumentOutOfRangeException.ThrowIfNegative(ratingCount);
        _embedding = embedding.ToArray();
        Bias = bias;
        RatingCount = ratingCount;
    }

    /// <summary>The user's embedding p_u, of the model's <see cref="FactorizationModel.EmbeddingDimension"/>.</summary>
    public ReadOnlySpan<float> Embedding => _embedding;

    /// <summary>The user's bias b_u.</summary>
    public float Bias { get; }

    /// <summary>How many ratings the values were fitted to.</summary>
    public int RatingCount { get; }
}
