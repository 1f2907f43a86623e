using NetflixMf.Shared;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Shared;

[Collection(TorchCollection.Name)]
public sealed unsafe class TensorMemoryTests
{
    [Fact]
    public void Pointer_SmallTensor_AddressesItsElements()
    {
        using var tensor = arange(10, ScalarType.Float32);
        float* p = TensorMemory.FloatPointer(tensor);
        p[9].Should().Be(9f);
        p[3] = 42f;
        tensor[3].item<float>().Should().Be(42f);
    }

    [Fact]
    public void Pointer_NonContiguousTensor_Throws()
    {
        using var tensor = zeros(4, 4);
        using var transposed = tensor.t();
        var act = () => (IntPtr)TensorMemory.Pointer(transposed);
        act.Should().Throw<ArgumentException>();
    }

    /// <summary>A 2.14 GiB table (Netflix-size at k = 1,118 is 2.15 GB): Tensor.bytes fails, the helper reaches the end.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Pointer_TableOver2GiB_ReachesTheLastElement()
    {
        const long rows = 560_000, columns = 1024;
        using var table = empty([rows, columns], ScalarType.Float32); // pages are not touched until written
        TensorMemory.ByteLength(table).Should().BeGreaterThan(int.MaxValue);
        var viaSpan = () => table.bytes.Length;
        viaSpan.Should().Throw<Exception>("Tensor.bytes is a Span<byte> and cannot cover 2 GiB");

        float* p = TensorMemory.FloatPointer(table);
        p[rows * columns - 1] = 7.5f;
        p[(rows - 1) * columns] = -1.25f;

        table[rows - 1, columns - 1].item<float>().Should().Be(7.5f);
        table[rows - 1, 0].item<float>().Should().Be(-1.25f);
    }
}
