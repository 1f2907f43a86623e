namespace NetflixMf.Training;

/// <summary>A tiny seeded generator whose sequence is fixed forever (System.Random's may change between .NET versions).</summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Creates a generator for one purpose (e.g. an epoch's shuffle) of one seed.</summary>
    public static SplitMix64 For(ulong seed, ulong stream) => new(seed ^ (stream * 0xD1B54A32D192ED03UL));

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, bound) (Lemire's multiply-shift, bias below 2^-32 for our bounds).</summary>
    public int NextInt(int bound) => (int)((Next() >> 32) * (ulong)bound >> 32);

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
