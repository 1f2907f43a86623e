using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

public sealed unsafe class CacheAlignedFloatsTests
{
    [Fact]
    public void New_ManyBuffers_EachStartsACacheLineAndHoldsItsLengthZeroed()
    {
        // Arrays land at any 8-byte offset of a line; forty buffers of varied sizes cover the offsets.
        var buffers = Enumerable.Range(0, 40).Select(i => new CacheAlignedFloats(1 + 37 * i)).ToList();
        foreach (var buffer in buffers)
        {
            ((nuint)buffer.Pointer % 64).Should().Be(0);
            buffer.Span.Length.Should().Be(buffer.Length);
            buffer.Span.ToArray().Should().OnlyContain(v => v == 0);
        }
        buffers.Select(b => b.Length).Should().Equal(Enumerable.Range(0, 40).Select(i => 1 + 37 * i));
    }

    [Fact]
    public void Span_WritesThroughToThePointer()
    {
        var buffer = new CacheAlignedFloats(20, zeroed: false);
        buffer.Span.Fill(2.5f);
        buffer.Span[19] = 7;
        buffer.Pointer[0].Should().Be(2.5f);
        buffer.Pointer[19].Should().Be(7);
    }

    [Fact]
    public void New_NegativeLength_Throws()
    {
        var act = () => new CacheAlignedFloats(-1);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
