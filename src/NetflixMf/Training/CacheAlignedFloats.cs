using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetflixMf.Training;

/// <summary>
/// A pinned float buffer whose first element starts a 64-byte cache line. Rows whose stride is a whole number of lines
/// then start lines too, and a 512-bit load of a row never straddles two lines (the runtime aligns arrays to 8 bytes only).
/// </summary>
/// <remarks>Pinned on the pinned object heap, so <see cref="Pointer"/> stays valid for the buffer's lifetime without <c>fixed</c>.</remarks>
internal sealed unsafe class CacheAlignedFloats
{
    private const int LineFloats = 64 / sizeof(float);

    // Holds the array (and so the pinned memory) alive as long as this buffer.
    private readonly float[] _array;

    /// <summary>Allocates <paramref name="length"/> floats, zeroed when <paramref name="zeroed"/>.</summary>
    public CacheAlignedFloats(int length, bool zeroed = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = zeroed ? GC.AllocateArray<float>(length + LineFloats - 1, pinned: true) : GC.AllocateUninitializedArray<float>(length + LineFloats - 1, pinned: true);
        float* start = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        int misalignment = (int)((nuint)start % 64) / sizeof(float);
        Pointer = start + (misalignment == 0 ? 0 : LineFloats - misalignment);
        Length = length;
    }

    /// <summary>The first element, on a 64-byte boundary.</summary>
    public float* Pointer { get; }

    /// <summary>The number of floats.</summary>
    public int Length { get; }

    /// <summary>The floats.</summary>
    public Span<float> Span => new(Pointer, Length);
}
