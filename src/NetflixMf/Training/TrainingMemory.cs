namespace NetflixMf.Training;

/// <summary>
/// Checks, before any table is allocated, that the parameter tables and optimizer state fit in memory, so a too-large
/// EmbeddingDimension fails at once with the amount needed instead of deep inside libtorch (or by the OOM killer).
/// </summary>
internal static class TrainingMemory
{
    /// <summary>Bytes the tables of a model need: factors and biases, plus Adam's two moments, plus a best-epoch snapshot.</summary>
    public static long Required(long users, long movies, int factors, bool adamMoments, bool snapshot)
    {
        long parameters = checked((users + movies) * ((long)factors + 1) * sizeof(float));
        int copies = 1 + (adamMoments ? 2 : 0) + (snapshot ? 1 : 0);
        return checked(parameters * copies);
    }

    /// <summary>Throws <see cref="InsufficientMemoryException"/> when <paramref name="required"/> exceeds <paramref name="available"/>.</summary>
    public static void Ensure(long required, long available, long users, long movies, int factors)
    {
        if (required <= available) return;
        throw new InsufficientMemoryException(FormattableString.Invariant(
            $"Training {users:N0} users and {movies:N0} movies with EmbeddingDimension {factors} needs about {Gigabytes(required):F2} GB for the embedding tables and optimizer state, but only {Gigabytes(available):F2} GB is available to this process. Lower EmbeddingDimension, use the SGD optimizer (no Adam moments), or train on a machine with more memory."));
    }

    /// <summary>The memory the GC reports as available to the process (physical memory or the container limit).</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static double Gigabytes(long bytes) => bytes / (1024.0 * 1024 * 1024);
}
