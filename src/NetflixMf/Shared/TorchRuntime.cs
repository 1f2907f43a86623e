using System.Runtime.InteropServices;
using TorchSharp;

namespace NetflixMf.Shared;

/// <summary>Loads TorchSharp's native libraries once and turns a failure into a <see cref="NativeLoadException"/> that names the cause.</summary>
/// <remarks>
/// TorchSharp reports every native-load failure as a <see cref="TypeInitializationException"/> around a
/// <see cref="NotSupportedException"/> that says the backend package is not referenced, even when it is referenced and
/// the loader refused the library (an older libstdc++). This looks at the files itself to tell the two apart.
/// </remarks>
internal static class TorchRuntime
{
    private static readonly Lazy<Exception?> Failure = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Throws <see cref="NativeLoadException"/> when TorchSharp's native libraries cannot be loaded; a cheap check after the first call.</summary>
    /// <exception cref="NativeLoadException">The native backend is missing or fails to load.</exception>
    public static void EnsureLoaded()
    {
        if (Failure.Value is NativeLoadException failure)
        {
            // A fresh instance per throw keeps each caller's stack trace its own.
            throw new NativeLoadException(failure.Failure, failure.Message, failure.InnerException);
        }
    }

    private static Exception? Probe()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return Diagnose(e);
        }
    }

    /// <summary>Builds the exception for a failed load from what is (or is not) on disk.</summary>
    internal static NativeLoadException Diagnose(Exception torchSharpError)
    {
        var directories = SearchDirectories();
        string? backend = Find(directories, BackendFileName);
        if (backend is null)
        {
            return new NativeLoadException(NativeLoadFailure.BackendMissing,
                "NetflixMf could not load TorchSharp: the application references no native libtorch backend " +
                $"({BackendFileName} is not beside the application). Add one backend package to the application's project and rebuild: " +
                "libtorch-cpu-linux-x64 (Linux, CPU; `dotnet add package libtorch-cpu-linux-x64 --version 2.10.0`), " +
                "TorchSharp-cpu (any OS, CPU) or TorchSharp-cuda-windows / TorchSharp-cuda-linux (NVIDIA GPU). See docs/troubleshooting.md.",
                torchSharpError);
        }
        string? glue = Find(directories, GlueFileName);
        string loaderError = glue is null ? $"{GlueFileName} is missing" : TryLoad(backend, glue) ?? FirstMessage(torchSharpError);
        string advice = loaderError.Contains("GLIBCXX", StringComparison.Ordinal)
            ? "This system's libstdc++ is older than the one TorchSharp 0.107 was built with (Debian 12, Ubuntu 22.04). NetflixMf's build step " +
              "fixes the copy in the output folder, but it did not run on this copy: remove NetflixMfPatchNativeLibrary=false from the project " +
              "or the command line and rebuild (`dotnet build -v n` prints 'NetflixMf: marked GLIBCXX_3.4.32 weak'), or install GCC 13's libstdc++."
            : "Check that every file of the backend package was copied beside the application (publish with a runtime identifier, " +
              "for example `dotnet publish -r linux-x64`) and that the backend matches this operating system and processor.";
        return new NativeLoadException(NativeLoadFailure.LoadFailed,
            $"NetflixMf could not load TorchSharp: the native backend is present ({Path.GetDirectoryName(backend)}) but failed to load: {loaderError}. {advice} See docs/troubleshooting.md.",
            torchSharpError);
    }

    private static string BackendFileName =>
        OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";

    private static string GlueFileName =>
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" : OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" : "libLibTorchSharp.so";

    /// <summary>The folders the .NET host searches for native libraries (from the deps.json), then the application folder.</summary>
    private static List<string> SearchDirectories()
    {
        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
        {
            directories.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        string baseDirectory = AppContext.BaseDirectory;
        directories.Add(baseDirectory);
        directories.Add(Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
        return directories;
    }

    private static string? Find(List<string> directories, string fileName)
    {
        foreach (string directory in directories)
        {
            string path = Path.Combine(directory, fileName);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>Loads the backend and the glue library by path; returns the loader's error, or null when both load.</summary>
    private static string? TryLoad(string backend, string glue)
    {
        foreach (string path in new[] { backend, glue })
        {
            try
            {
                NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                // .NET's text is advice about strace and LD_DEBUG, then the loader's own error on the last line.
                string[] lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return lines.Length == 0 ? e.GetType().Name : lines[^1].TrimEnd('.', ' ');
            }
        }
        return null;
    }

    private static string FirstMessage(Exception e)
    {
        while (e.InnerException is not null && e is TypeInitializationException) e = e.InnerException;
        string message = e.Message;
        int line = message.IndexOf('\n', StringComparison.Ordinal);
        return (line < 0 ? message : message[..line]).TrimEnd('.', ' ', '\r');
    }
}
