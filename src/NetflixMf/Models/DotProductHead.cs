using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>The classic biased matrix factorization head: the dot product of the user and movie embeddings.</summary>
/// <remarks>It has no parameters; models with this head predict straight from the embedding tables in CPU memory.</remarks>
public sealed class DotProductHead : FactorizationHead
{
    /// <summary>Creates the head.</summary>
    public DotProductHead() : base(nameof(DotProductHead))
    {
        RegisterComponents();
    }

    /// <summary>Returns sum_j user[b, j] * movie[b, j] for each row b.</summary>
    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
    {
        using var products = userEmbeddings.mul(movieEmbeddings);
        return products.sum(1);
    }
}
