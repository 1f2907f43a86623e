using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

public sealed class TrainingMemoryTests
{
    [Fact]
    public void Required_NetflixSizeWithAdam_CountsTablesMomentsAndSnapshot()
    {
        // (480,189 + 17,770) rows x (64 factors + 1 bias) x 4 bytes = 129,469,340 bytes per copy.
        TrainingMemory.Required(480_189, 17_770, 64, adamMoments: false, snapshot: false).Should().Be(129_469_340);
        TrainingMemory.Required(480_189, 17_770, 64, adamMoments: true, snapshot: true).Should().Be(4 * 129_469_340L);
    }

    [Fact]
    public void Ensure_MoreThanAvailable_ThrowsSayingHowMuchIsNeeded()
    {
        long required = TrainingMemory.Required(480_189, 17_770, 4096, adamMoments: true, snapshot: false);
        var act = () => TrainingMemory.Ensure(required, 2L << 30, 480_189, 17_770, 4096);
        act.Should().Throw<InsufficientMemoryException>()
            .WithMessage("*EmbeddingDimension 4096 needs about 22.80 GB*only 2.00 GB is available*");
    }

    [Fact]
    public void Ensure_WithinAvailable_DoesNotThrow()
    {
        var act = () => TrainingMemory.Ensure(1L << 30, 2L << 30, 1000, 1000, 64);
        act.Should().NotThrow();
    }
}

public sealed class TrainingMemoryWorkingSetTests
{
    [Fact]
    public void Required_WithRatings_AddsTheWorkingSetAndFixedTemporaries()
    {
        long tables = TrainingMemory.Required(480_189, 17_770, 64, adamMoments: false, snapshot: false);
        TrainingMemory.Required(480_189, 17_770, 64, adamMoments: false, snapshot: false, ratings: 100_000_000)
            .Should().Be(tables + 100_000_000L * TrainingMemory.WorkingBytesPerRating + TrainingMemory.FixedBytes);
    }

    [Fact]
    public void Available_IsWhatIsFreeNow_NotTheMachineTotal()
    {
        if (!OperatingSystem.IsLinux()) return;
        long? kernel = NetflixMf.Shared.AvailableMemory.ReadMemAvailable();
        kernel.Should().NotBeNull();
        // MemAvailable moves with other processes; the check must follow it, not the fixed total the GC reports.
        TrainingMemory.Available().Should().BeLessThanOrEqualTo(Math.Max(kernel!.Value, NetflixMf.Shared.AvailableMemory.ReadMemAvailable()!.Value) + (64L << 20));
    }
}
