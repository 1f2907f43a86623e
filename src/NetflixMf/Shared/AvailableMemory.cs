using System.Globalization;

namespace NetflixMf.Shared;

/// <summary>How much memory this process can still take: what size checks compare against before allocating.</summary>
internal static class AvailableMemory
{
    /// <summary>
    /// Bytes available now: on Linux the kernel's <c>MemAvailable</c> (free memory plus reclaimable caches, what other
    /// processes leave), capped by the container limit the GC sees; elsewhere the GC's available memory minus the
    /// memory this process already holds.
    /// </summary>
    public static long Bytes()
    {
        var info = GC.GetGCMemoryInfo();
        long limit = info.TotalAvailableMemoryBytes;
        long? kernel = OperatingSystem.IsLinux() ? ReadMemAvailable() : null;
        if (kernel is long available) return Math.Min(available, limit);
        return Math.Max(0, limit - Environment.WorkingSet);
    }

    /// <summary>Parses <c>MemAvailable</c> from <c>/proc/meminfo</c>, or <see langword="null"/> when absent.</summary>
    internal static long? ReadMemAvailable(string path = "/proc/meminfo")
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)) return kib * 1024;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
