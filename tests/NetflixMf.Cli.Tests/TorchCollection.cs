namespace NetflixMf.Cli.Tests;

/// <summary>Tests that train or load models share one non-parallel collection: libtorch's global state (threads, seeds) is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
