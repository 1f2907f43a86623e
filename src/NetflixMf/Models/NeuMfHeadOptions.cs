namespace NetflixMf.Models;

/// <summary>The shape of a <see cref="NeuMfHead"/>.</summary>
public sealed record NeuMfHeadOptions
{
    /// <summary>The width of the MLP branch's own user and movie embeddings.</summary>
    /// <value>32.</value>
    public int MlpEmbeddingDimension { get; init; } = 32;

    /// <summary>The widths of the MLP branch's hidden layers, input side first.</summary>
    /// <value>[64, 32].</value>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [64, 32];

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MlpEmbeddingDimension is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MlpEmbeddingDimension), MlpEmbeddingDimension, "NeuMfHeadOptions.MlpEmbeddingDimension must be in 1..4096.");
        }
        if (HiddenLayers is null || HiddenLayers.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenLayers), "NeuMfHeadOptions.HiddenLayers must list at least one width.");
        }
        foreach (int width in HiddenLayers)
        {
            if (width is < 1 or > 65536)
            {
                throw new ArgumentOutOfRangeException(nameof(HiddenLayers), width, "NeuMfHeadOptions.HiddenLayers widths must be in 1..65536.");
            }
        }
    }

    /// <summary>Value equality over the hidden layer widths (the default record equality compares the list by reference).</summary>
    public bool Equals(NeuMfHeadOptions? other) =>
        other is not null && MlpEmbeddingDimension == other.MlpEmbeddingDimension && HiddenLayers.SequenceEqual(other.HiddenLayers);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MlpEmbeddingDimension);
        foreach (int width in HiddenLayers) hash.Add(width);
        return hash.ToHashCode();
    }
}
