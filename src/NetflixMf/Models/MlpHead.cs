using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NetflixMf.Models;

/// <summary>
/// A fully connected head: concatenates the user and movie embeddings and feeds them through hidden layers with ReLU
/// and dropout to a single linear output.
/// </summary>
/// <remarks>
/// The neural collaborative filtering variant of factorization (He et al. 2017, "Neural Collaborative Filtering"),
/// kept on top of the biases: r = mu + b_u + b_i + MLP([p_u; q_i]).
/// </remarks>
public sealed class MlpHead : FactorizationHead
{
    [ComponentName(Name = "layers")]
    private readonly Sequential _layers;

    /// <summary>Creates the head for embeddings of size <paramref name="embeddingDimension"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public MlpHead(int embeddingDimension, MlpHeadOptions options) : base(nameof(MlpHead))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDimension, 1);
        options.Validate();
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        long width = 2L * embeddingDimension;
        for (int i = 0; i < options.HiddenLayers.Count; i++)
        {
            modules.Add(($"linear{i}", Linear(width, options.HiddenLayers[i])));
            modules.Add(($"relu{i}", ReLU()));
            if (options.Dropout > 0) modules.Add(($"dropout{i}", Dropout(options.Dropout)));
            width = options.HiddenLayers[i];
        }
        modules.Add(("output", Linear(width, 1)));
        _layers = Sequential(modules);
        RegisterComponents();
    }

    /// <summary>Returns MLP([user; movie]) for each row, shape [B].</summary>
    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
    {
        using var input = cat([userEmbeddings, movieEmbeddings], 1);
        using var output = _layers.call(input);
        return output.squeeze(1);
    }
}
