
namespace NetflixMf.Training;

/// <summary>What the autograd runner needs from the trainer options.</summary>
internal sealed record AutogradSettings(int BatchSize, OptimizerKind Optimizer, float L2Factors, float L2Biases, ulong Seed, bool UseTensorOptimizer = false);
