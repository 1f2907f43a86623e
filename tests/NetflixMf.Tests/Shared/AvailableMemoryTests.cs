using NetflixMf.Shared;
using NetflixMf.Tests.Data;

namespace NetflixMf.Tests.Shared;

public sealed class AvailableMemoryTests
{
    [Fact]
    public void ReadMemAvailable_ParsesTheKernelFigure_NotTheTotal()
    {
        using var folder = new TempFolder();
        string meminfo = folder.Write("meminfo", "MemTotal:       24000000 kB\nMemFree:          300000 kB\nMemAvailable:    1000000 kB\n");
        AvailableMemory.ReadMemAvailable(meminfo).Should().Be(1_000_000L * 1024);
    }

    [Fact]
    public void Bytes_OnThisMachine_IsAtMostTheGcTotal()
    {
        long available = AvailableMemory.Bytes();
        available.Should().BeGreaterThan(0);
        available.Should().BeLessThanOrEqualTo(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }
}
