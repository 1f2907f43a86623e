using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>
/// The parameters of a biased factorization model as CPU float32 contiguous tensors, shared by the model (which owns
/// and disposes them) and the epoch runners (which update them in place).
/// </summary>
/// <param name="UserFactors">[users, factors] user embeddings.</param>
/// <param name="MovieFactors">[movies, factors] movie embeddings.</param>
/// <param name="UserBiases">[users] user biases (1-D: [n,1] bias tensors measured twice as slow).</param>
/// <param name="MovieBiases">[movies] movie biases.</param>
/// <param name="GlobalMean">The mean training rating, mu in r = mu + b_u + b_i + p_u . q_i.</param>
internal sealed record FactorTables(Tensor UserFactors, Tensor MovieFactors, Tensor UserBiases, Tensor MovieBiases, float GlobalMean) : IDisposable
{
    /// <summary>The embedding dimension.</summary>
    public int Factors => (int)UserFactors.shape[1];

    /// <summary>The four tables in file order: user factors, movie factors, user biases, movie biases.</summary>
    public IReadOnlyList<Tensor> All => [UserFactors, MovieFactors, UserBiases, MovieBiases];

    /// <summary>Frees the four tables.</summary>
    public void Dispose()
    {
        UserFactors.Dispose();
        MovieFactors.Dispose();
        UserBiases.Dispose();
        MovieBiases.Dispose();
    }
}
