namespace NetflixMf.Shared;

/// <summary>The one way options types validate: an exception that names the option, its allowed range and the value.</summary>
internal static class OptionGuard
{
    /// <summary>The thread-count sentinel every options type shares: 0 means one thread per core.</summary>
    public const int AllCores = 0;

    /// <summary>Throws <see cref="OptionOutOfRangeException"/> "<c>Type.Name must be in RANGE (was VALUE).</c>" unless <paramref name="valid"/>.</summary>
    public static void Require(bool valid, string optionsType, string name, object? value, string range)
    {
        if (!valid) throw new OptionOutOfRangeException(optionsType, name, value, range);
    }

    /// <summary>Resolves a thread-count option (0 = one per core) to a positive count.</summary>
    public static int ResolveThreads(int threads) => threads == AllCores ? Environment.ProcessorCount : threads;

    /// <summary>Checks a thread-count option: 0 (one per core) or 1..1024.</summary>
    public static void RequireThreads(int threads, string optionsType, string name) =>
        Require(threads is >= 0 and <= 1024, optionsType, name, threads, "0..1024 (0 = one per core)");
}
