using NetflixMf.Data;
using NetflixMf.Shared;
using NetflixMf.Tests.Shared;

namespace NetflixMf.Tests.Data;

/// <summary>Crafted and special rating caches (issue #12 items 8 and 10).</summary>
public sealed class RatingSetCacheHostileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Crafted(long count)
    {
        using var buffer = new MemoryStream();
        var frame = new FrameWriter(buffer, "NFMFRSET"u8, RatingSetCache.FormatVersion);
        frame.WriteInt32(1);
        frame.WriteInt64(count);
        frame.WriteSingle(1);
        frame.WriteSingle(5);
        frame.WriteInt32(1);
        frame.WriteInt32(1);
        frame.WriteInt32(1);
        frame.WriteArray<int>([1]);
        frame.WriteInt32(1);
        frame.WriteArray<int>([1]);
        frame.WriteBytes(new byte[1000]);
        frame.Finish();
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(2_147_483_591L)] // Array.MaxLength ratings: 28 GiB of columns announced by a 1 KB stream
    [InlineData(400_000_000L)] // 5.4 GiB of columns
    public void Load_NonSeekableStreamWithHugeHeaderCount_FailsAtTheEndOfTheStreamWithoutAllocatingIt(long count)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => RatingSetCache.Load(new NonSeekableStream(new MemoryStream(Crafted(count))), "crafted");

        act.Should().Throw<InvalidDataException>().WithMessage("'crafted' is truncated*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(256L << 20);
    }

    [Fact]
    public void Load_SeekableFileWithHugeHeaderCount_FailsBeforeAllocating()
    {
        string path = _folder.WriteBytes("crafted.nfmf", Crafted(400_000_000L));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is truncated or corrupt: 400,000,000 ratings needs*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Load_CountAboveArrayLimit_IsACorruptHeader()
    {
        var act = () => RatingSetCache.Load(new NonSeekableStream(new MemoryStream(Crafted(long.MaxValue))), "crafted");
        act.Should().Throw<InvalidDataException>().WithMessage("'crafted' is corrupt: its header is invalid*");
    }

    [Fact]
    public void Load_Fifo_FailsInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = SpecialFiles.MakeFifo(Path.Combine(_folder.Path, "cache.fifo"));
        var error = SpecialFiles.WithinHangGuard(fifo, () => Record.Exception(() => RatingSetCache.Load(fifo)));
        error.Should().BeOfType<IOException>().Which.Message.Should().Contain("is not a regular file");
    }

    [Fact]
    public void Save_OverDeviceNode_Refuses()
    {
        if (OperatingSystem.IsWindows()) return;
        var set = RatingDataLoader.Load(_folder.Write("r.txt", "1:\n10,3,2005-01-01\n")).Ratings;
        var act = () => RatingSetCache.Save(set, "/dev/null");
        act.Should().Throw<IOException>().WithMessage("/dev/null: is not a regular file*");
    }

    [Fact]
    public void Load_DataFolderWithFifoRatings_FailsInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = SpecialFiles.MakeFifo(Path.Combine(_folder.Path, "ratings.csv"));
        var error = SpecialFiles.WithinHangGuard(fifo, () => Record.Exception(() => RatingDataLoader.Load(_folder.Path)));
        error.Should().BeOfType<IOException>().Which.Message.Should().Contain($"{fifo}: is not a regular file");
    }
}
