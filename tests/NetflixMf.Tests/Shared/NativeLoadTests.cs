using static TorchSharp.torch;

namespace NetflixMf.Tests.Shared;

[Collection(TorchCollection.Name)]
public sealed class NativeLoadTests
{
    [Fact]
    public void Torch_LoadsAndComputes_MatrixProduct()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        using var c = a.matmul(b);
        c.data<float>().ToArray().Should().Equal(19f, 22f, 43f, 50f);
    }
}
