using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NetflixMf.Models;

/// <summary>
/// Neural matrix factorization (He et al. 2017, "Neural Collaborative Filtering"): a GMF branch p_u * q_i on the
/// model's embeddings and an MLP branch on its own per-user and per-movie embeddings, concatenated and fused by a
/// linear layer: r = mu + b_u + b_i + h^T [p_u * q_i; MLP([x_u; y_i])].
/// </summary>
/// <remarks>
/// The GMF half of the fusion weights starts at 1, so an untrained head is the dot product and the MLP branch learns
/// what the dot product misses. The MLP branch's tables are the head's own (<see cref="FactorizationHead.Tables"/>),
/// updated row by row like the embeddings and saved with the model.
/// </remarks>
public sealed class NeuMfHead : FactorizationHead
{
    private const string UserTable = "mlp_user";
    private const string MovieTable = "mlp_movie";
    [ComponentName(Name = "mlp")]
    private readonly Sequential _mlp;
    [ComponentName(Name = "fusion")]
    private readonly Linear _fusion;
    private readonly int _gmfWidth;

    /// <summary>Creates the head for the sizes in <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option or size is out of range.</exception>
    public NeuMfHead(HeadContext context, NeuMfHeadOptions options) : base(nameof(NeuMfHead), context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(context.EmbeddingDimension, 1);
        options.Validate();
        AddUserTable(UserTable, options.MlpEmbeddingDimension, 0.01f);
        AddMovieTable(MovieTable, options.MlpEmbeddingDimension, 0.01f);
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        long width = 2L * options.MlpEmbeddingDimension;
        for (int i = 0; i < options.HiddenLayers.Count; i++)
        {
            modules.Add(($"linear{i}", Linear(width, options.HiddenLayers[i])));
            modules.Add(($"relu{i}", ReLU()));
            width = options.HiddenLayers[i];
        }
        _mlp = Sequential(modules);
        _gmfWidth = context.EmbeddingDimension;
        _fusion = Linear(context.EmbeddingDimension + width, 1, hasBias: false);
        using (no_grad())
        using (NewDisposeScope())
        {
            // The scope frees the views and any wrapper an in-place op hands back.
            _fusion.weight!.narrow(1, 0, context.EmbeddingDimension).fill_(1.0);
            _fusion.weight!.narrow(1, context.EmbeddingDimension, width).mul_(0.1);
        }
        RegisterComponents();
    }

    /// <summary>Zeroes the MLP half of the fusion weights and sets the GMF half to 1: the head scores p_u . q_i exactly
    /// until training moves the MLP half (its gradient is the MLP branch's output, so it does move).</summary>
    internal override bool StartAsDotProduct()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _fusion.weight!.narrow(1, 0, _gmfWidth).fill_(1.0);
        _fusion.weight!.narrow(1, _gmfWidth, _fusion.weight!.shape[1] - _gmfWidth).zero_();
        return true;
    }

    /// <summary>Returns h^T [p * q; MLP([x_u; y_i])] for each row, shape [B].</summary>
    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
    {
        using var scope = NewDisposeScope();
        var gmf = userEmbeddings.mul(movieEmbeddings);
        var hidden = _mlp.call(cat([UserRows(UserTable), MovieRows(MovieTable)], 1));
        return _fusion.call(cat([gmf, hidden], 1)).squeeze(1).MoveToOuterDisposeScope();
    }
}
