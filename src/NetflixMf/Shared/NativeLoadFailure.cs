namespace NetflixMf.Shared;

/// <summary>Why TorchSharp's native libraries could not be loaded (see <see cref="NativeLoadException"/>).</summary>
public enum NativeLoadFailure
{
    /// <summary>No native libtorch backend is referenced by the application: no backend package such as
    /// <c>libtorch-cpu-linux-x64</c>, <c>TorchSharp-cpu</c> or <c>TorchSharp-cuda-windows</c> put its libraries beside it.</summary>
    BackendMissing,

    /// <summary>The native libraries are present but the operating system refused to load them, for example TorchSharp's
    /// <c>libLibTorchSharp.so</c> on Debian 12 / Ubuntu 22.04 when NetflixMf's build fix is turned off
    /// (<c>NetflixMfPatchNativeLibrary=false</c>).</summary>
    LoadFailed,
}
