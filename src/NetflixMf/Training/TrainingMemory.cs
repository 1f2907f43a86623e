using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>
/// Checks, before any table is allocated, that training fits in the memory available now, so a too-large
/// EmbeddingDimension fails at once with the amount needed instead of deep inside libtorch (or by the OOM killer).
/// </summary>
/// <remarks>
/// Counted: the parameter tables (factors and biases), Adam's two moments, the best-epoch snapshot, and the training
/// working set per rating (the runners' copies of user, movie and rating, shuffled positions and the validation carve:
/// <see cref="WorkingBytesPerRating"/> bytes each). The rating set itself is already loaded, so it is in use rather
/// than available: comparing against the memory available now (not the machine's total) accounts for it.
/// </remarks>
internal static class TrainingMemory
{
    /// <summary>Bytes of working memory per training rating: a 12-byte (user, movie, rating) copy, 4-byte shuffled and 8-byte carved positions.</summary>
    public const int WorkingBytesPerRating = 24;

    /// <summary>Fixed temporaries (evaluation batches, thread buffers, libtorch's own state).</summary>
    public const long FixedBytes = 256L << 20;

    /// <summary>Bytes the tables of a model need: factors and biases, plus Adam's two moments, plus a best-epoch snapshot.</summary>
    public static long Required(long users, long movies, int factors, bool adamMoments, bool snapshot)
    {
        long parameters = checked((users + movies) * ((long)factors + 1) * sizeof(float));
        int copies = 1 + (adamMoments ? 2 : 0) + (snapshot ? 1 : 0);
        return checked(parameters * copies);
    }

    /// <summary>Bytes training needs in all: <see cref="Required(long, long, int, bool, bool)"/> plus the working set of <paramref name="ratings"/> training ratings and fixed temporaries.</summary>
    public static long Required(long users, long movies, int factors, bool adamMoments, bool snapshot, long ratings) =>
        checked(Required(users, movies, factors, adamMoments, snapshot) + ratings * WorkingBytesPerRating + FixedBytes);

    /// <summary>Throws <see cref="InsufficientMemoryException"/> when <paramref name="required"/> exceeds <paramref name="available"/>.</summary>
    public static void Ensure(long required, long available, long users, long movies, int factors)
    {
        if (required <= available) return;
        throw new InsufficientMemoryException(FormattableString.Invariant(
            $"Training {users:N0} users and {movies:N0} movies with EmbeddingDimension {factors} needs about {Gigabytes(required):F2} GB (embedding tables, optimizer state and working set), but only {Gigabytes(available):F2} GB is available now. Lower EmbeddingDimension, use the SGD optimizer (no Adam moments), free memory, or train on a machine with more memory."));
    }

    /// <summary>The memory available now: the kernel's MemAvailable on Linux (capped by any container limit), the GC's figure elsewhere.</summary>
    public static long Available() => AvailableMemory.Bytes();

    private static double Gigabytes(long bytes) => bytes / (1024.0 * 1024 * 1024);
}
