namespace NetflixMf.Testing;

/// <summary>Tests that touch TorchSharp share one non-parallel collection: libtorch's global state (threads, seeds) is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
