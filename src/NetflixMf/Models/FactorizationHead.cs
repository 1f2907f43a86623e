using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>
/// The extension point of <see cref="FactorizationModel"/>: turns a batch of user and movie embeddings into the
/// interaction part of the predicted rating, which is added to the global mean and both biases.
/// </summary>
/// <remarks>
/// <para>The model predicts r(u, i) = mu + b_u + b_i + head(p_u, q_i) (Koren, Bell and Volinsky 2009, "Matrix
/// factorization techniques for recommender systems", with the dot product generalised to any network).</para>
/// <para>To add a head: derive from this class, build the layers in the constructor, call
/// <c>RegisterComponents()</c> last, and implement <c>forward(userEmbeddings [B, k], movieEmbeddings [B, k])</c>
/// returning scores of shape [B]. Create it through an <see cref="IHeadFactory"/> (see
/// <see cref="HeadFactory.Create"/>), because the embedding size is only known when training starts. Fields of type
/// <c>Tensor</c> become buffers and are saved with the model; use <c>[ComponentName]</c> to keep saved names stable
/// when renaming fields.</para>
/// </remarks>
public abstract class FactorizationHead : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates a head; <paramref name="name"/> names the module in TorchSharp diagnostics.</summary>
    protected FactorizationHead(string name) : base(name)
    {
    }
}
