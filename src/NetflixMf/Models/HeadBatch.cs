using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>
/// What a head sees of the batch it scores beyond the two embeddings: the dense indexes and, while training, the
/// gathered rows of its own tables (leaves of autograd). When predicting, rows are gathered from the head's tables.
/// </summary>
internal sealed class HeadBatch(Tensor userIndices, Tensor movieIndices, IReadOnlyDictionary<string, Tensor>? rows = null)
{
    public Tensor UserIndices { get; } = userIndices;

    public Tensor MovieIndices { get; } = movieIndices;

    public Tensor Rows(FactorizationHead head, string name, bool isUserTable)
    {
        var table = head.Tables.FirstOrDefault(t => t.Name == name && t.IsUserTable == isUserTable)
            ?? throw new KeyNotFoundException($"Head {head.GetType().Name} has no {(isUserTable ? "user" : "movie")} table named '{name}'.");
        if (rows is not null && rows.TryGetValue(name, out var gathered)) return gathered;
        return head.TableTensor(table).index_select(0, isUserTable ? UserIndices : MovieIndices);
    }
}
