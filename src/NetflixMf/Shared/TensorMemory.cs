using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Shared;

/// <summary>Raw pointers into CPU tensors, for kernels that read and update tables in place.</summary>
/// <remarks>
/// <c>Tensor.bytes</c> is a <see cref="Span{T}"/> and throws for tensors of 2 GiB or more (a Netflix-size factor table
/// from k = 1,118 up), so the pointer comes straight from LibTorchSharp's <c>THSTensor_data</c>, which TorchSharp
/// itself uses behind <c>bytes</c>. A pointer stays valid while the tensor lives and is only updated in place.
/// </remarks>
internal static unsafe partial class TensorMemory
{
    /// <summary>The address of the first element of a contiguous CPU tensor of any size.</summary>
    /// <exception cref="ArgumentException">The tensor is not on the CPU or not contiguous.</exception>
    public static void* Pointer(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            throw new ArgumentException("Only contiguous CPU tensors expose their memory.", nameof(tensor));
        }
        if (tensor.numel() == 0) return null;
        IntPtr data = THSTensor_data(tensor.Handle);
        if (data == IntPtr.Zero) throw new InvalidOperationException("LibTorchSharp returned no data pointer for a non-empty tensor.");
        return (void*)data;
    }

    /// <summary>The address of a contiguous CPU float32 tensor.</summary>
    /// <exception cref="ArgumentException">The tensor is not a contiguous CPU float32 tensor.</exception>
    public static float* FloatPointer(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dtype != ScalarType.Float32) throw new ArgumentException($"Expected a float32 tensor, got {tensor.dtype}.", nameof(tensor));
        return (float*)Pointer(tensor);
    }

    /// <summary>The size of the tensor's data in bytes (64-bit).</summary>
    public static long ByteLength(Tensor tensor) => tensor.numel() * tensor.element_size();

    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr handle);
}
