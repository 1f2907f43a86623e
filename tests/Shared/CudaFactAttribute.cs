using static TorchSharp.torch;

namespace NetflixMf.Testing;

/// <summary>
/// A fact that needs a CUDA device (or, with <see cref="WithoutDevice"/>, needs there to be none): otherwise it is
/// reported as skipped, never as passed, so a run on a machine without a GPU shows what it did not check.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            return cuda.is_available();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            return false;
        }
    });

    /// <summary>Makes the fact run only where no CUDA device is present (it checks the clear error of asking for one).</summary>
    public bool WithoutDevice
    {
        get;
        init
        {
            field = value;
            Skip = Available.Value == value ? (value ? "A CUDA device is present." : "No CUDA device.") : null;
        }
    }

    public CudaFactAttribute()
    {
        if (!Available.Value) Skip = "No CUDA device.";
    }
}
