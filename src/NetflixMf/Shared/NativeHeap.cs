using System.Runtime.InteropServices;

namespace NetflixMf.Shared;

/// <summary>Tunes the native (glibc) heap that libtorch allocates its tensors from.</summary>
/// <remarks>
/// libtorch frees each training step's temporaries straight away, but with glibc's default dynamic mmap threshold the
/// freed megabyte-sized blocks stay in fragmented arenas: the resident set measurably grew by gigabytes per epoch
/// (heap growth, not a leak). A fixed 4 MiB mmap threshold sends large blocks back to the kernel on free and stops the
/// threshold from creeping upwards.
/// </remarks>
internal static partial class NativeHeap
{
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in malloc.h
    private const int MmapThresholdBytes = 4 << 20;
    private static int s_applied;

    /// <summary>Applies the heap limit once per process on Linux with glibc; a no-op elsewhere.</summary>
    /// <returns>Whether the limit is in force.</returns>
    public static bool LimitGrowth()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Interlocked.Exchange(ref s_applied, 1) == 1) return true;
        try
        {
            return mallopt(MmapThresholdParameter, MmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl (Alpine) has no mallopt: nothing to tune there.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
