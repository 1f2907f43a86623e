using NetflixMf.Models;
using NetflixMf.Shared;
using NetflixMf.Tests.Data;
using NetflixMf.Tests.Shared;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Models;

/// <summary>Crafted, special and huge model files (issue #12, items 2, 8 and 10).</summary>
[Collection(TorchCollection.Name)]
public sealed unsafe class HostileModelFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(float.NaN, "dot")]
    [InlineData(float.PositiveInfinity, "dot")]
    [InlineData(float.NegativeInfinity, "mlp")]
    public void Load_NonFiniteWeight_ThrowsInvalidDataNamingTheFile(float weight, string head)
    {
        string path = Path.Combine(_folder.Path, "nan.nmf");
        using (var model = ModelBuilder.Random(20, 15, 8, head == "mlp" ? HeadFactory.Mlp() : null))
        {
            TensorMemory.FloatPointer(model.Tables.MovieFactors)[17] = weight;
            model.Save(path);
        }
        var act = () => FactorizationModel.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*movie factors*NaN or infinite*");
    }

    [Fact]
    public void Load_NonFiniteHeadWeight_ThrowsInvalidData()
    {
        using var stream = new MemoryStream();
        using (var model = ModelBuilder.Random(20, 15, 8, HeadFactory.Mlp()))
        {
            using (no_grad()) model.Head.parameters().First().fill_(float.NaN);
            model.Save(stream);
        }
        stream.Position = 0;
        var act = () => FactorizationModel.Load(stream);
        act.Should().Throw<InvalidDataException>().WithMessage("*head tensor*NaN or infinite*");
    }

    [Fact]
    public void Load_SmallFileNamingAHugeMlpHead_FailsBeforeAllocating()
    {
        // 40 bytes of tables, but a head of 4096 x (2 x 4096) + 65536 x 4096 + ... floats (over 1 GiB).
        string path = Path.Combine(_folder.Path, "huge-head.nmf");
        using (var file = File.Create(path))
        {
            var frame = new FrameWriter(file, "NETFLXMF"u8, ModelFile.FormatVersion);
            frame.WriteString("mlp(4096,65536;dropout=0)");
            frame.WriteString("crafted");
            frame.WriteSingle(1);
            frame.WriteSingle(5);
            frame.WriteSingle(3);
            frame.WriteInt32(4096);
            frame.WriteInt32(1);
            frame.WriteArray<int>([1]);
            frame.WriteInt32(1);
            frame.WriteArray<int>([1]);
            frame.WriteInt64(4096 * 4);
            frame.WriteBytes(new byte[64]);
            frame.Finish();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => FactorizationModel.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*head 'mlp(4096,65536;dropout=0)'*needs*bytes*remain*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    [Fact]
    public void Load_DevZero_FailsAtOnceAsNotARegularFile()
    {
        if (OperatingSystem.IsWindows()) return;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var act = () => FactorizationModel.Load("/dev/zero");
        act.Should().Throw<IOException>().WithMessage("/dev/zero: is not a regular file*model file*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Load_Fifo_FailsInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = SpecialFiles.MakeFifo(Path.Combine(_folder.Path, "model.fifo"));
        var error = SpecialFiles.WithinHangGuard(fifo, () =>
        {
            try
            {
                FactorizationModel.Load(fifo).Dispose();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        error.Should().BeOfType<IOException>().Which.Message.Should().Contain($"{fifo}: is not a regular file");
    }

    [Fact]
    public void Load_FromNonSeekableStream_StreamsAndRoundTrips()
    {
        using var model = ModelBuilder.Random(50, 40, 8, HeadFactory.Mlp());
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        using var loaded = FactorizationModel.Load(new NonSeekableStream(buffer));
        loaded.Predict(3, 4).Should().Be(model.Predict(3, 4));
    }

    [Fact]
    public void Load_CraftedStreamAnnouncingHugeTables_FailsWithoutReadingThem()
    {
        using var buffer = new MemoryStream();
        var frame = new FrameWriter(buffer, "NETFLXMF"u8, ModelFile.FormatVersion);
        frame.WriteString("dot");
        frame.WriteString("crafted");
        frame.WriteSingle(1);
        frame.WriteSingle(5);
        frame.WriteSingle(3);
        frame.WriteInt32(65536);
        frame.WriteInt32(2_000_000);
        frame.WriteArray<int>([.. Enumerable.Range(1, 2_000_000)]);
        frame.WriteInt32(1);
        frame.WriteArray<int>([1]);
        frame.Finish();
        buffer.Position = 0;

        // 2M users x 65,536 factors = 524 GB of tables: more than any memory, refused before allocation.
        var act = () => FactorizationModel.Load(new NonSeekableStream(buffer));
        act.Should().Throw<InvalidDataException>().WithMessage("*would need*more than the memory available*");
    }

    /// <summary>A model file over 2 GiB saves and loads (it used to save with exit 0 and never load again).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void SaveAndLoad_ModelOver2GiB_RoundTrips()
    {
        const long users = 560_000;
        const int factors = 1024, movies = 100;
        string path = Path.Combine(_folder.Path, "big.nmf");
        using (var model = ModelBuilder.Zeros(users, movies, factors))
        {
            float* p = TensorMemory.FloatPointer(model.Tables.UserFactors);
            p[users * factors - 1] = 0.75f;
            p[0] = -0.5f;
            TensorMemory.FloatPointer(model.Tables.MovieFactors)[(long)(movies - 1) * factors + factors - 1] = 2f;
            model.Save(path);
        }
        new FileInfo(path).Length.Should().BeGreaterThan(int.MaxValue);

        using var loaded = FactorizationModel.Load(path);

        loaded.Users.Count.Should().Be((int)users);
        float* q = TensorMemory.FloatPointer(loaded.Tables.UserFactors);
        q[users * factors - 1].Should().Be(0.75f);
        q[0].Should().Be(-0.5f);
        // 3.5 + 0.75 x 2 = 5.0: the last user against the last movie reads both table ends.
        loaded.Predict((int)users, movies).Should().BeApproximately(5f, 1e-6f);
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }
}
