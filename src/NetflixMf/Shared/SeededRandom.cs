using System.Runtime.CompilerServices;

namespace NetflixMf.Shared;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**, Blackman and Vigna 2018) whose sequence is fixed by this code, not by
/// the runtime: System.Random's seeded sequence is an implementation detail we do not want splits and synthetic data
/// to depend on.
/// </summary>
/// <remarks>A mutable struct: pass it by <see langword="ref"/>. Independent streams come from <see cref="Mix(ulong, ulong)"/>
/// of a seed and a stream number (a user or movie index), which is what makes parallel work independent of thread count.</remarks>
internal struct SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> with SplitMix64.</summary>
    public SeededRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>Creates a generator for stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public static SeededRandom ForStream(int seed, ulong purpose, long stream) => new(Mix(Mix((ulong)(uint)seed, purpose), (ulong)stream));

    /// <summary>Creates a generator for stream <paramref name="stream"/> (an epoch, a block, a user) of a 64-bit seed.</summary>
    public static SeededRandom For(ulong seed, ulong stream) => new(Mix(seed, stream));

    /// <summary>Hashes two values into a well-mixed 64-bit seed (SplitMix64 finalizer).</summary>
    public static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>) by multiply-high (bias below 2^-32, irrelevant here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int maxExclusive) => (int)Math.BigMul(NextUInt64(), (ulong)(uint)maxExclusive, out _);

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates): every order equally likely.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A random permutation of 0..<paramref name="count"/>-1.</summary>
    public int[] Permutation(int count)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++) result[i] = i;
        Shuffle(result);
        return result;
    }

    /// <summary>A standard normal sample (Box-Muller; one of the pair is dropped to keep the state a plain sequence).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Rounds <paramref name="value"/> down or up at random so the expected result equals <paramref name="value"/>.</summary>
    public int StochasticRound(double value)
    {
        double floor = Math.Floor(value);
        return (int)floor + (NextDouble() < value - floor ? 1 : 0);
    }
}
