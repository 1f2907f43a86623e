using System.Diagnostics;
using System.Text.Json.Nodes;
using NetflixMf.Shared;

namespace NetflixMf.Tests.Shared;

/// <summary>
/// Runs this test assembly as a child process (<see cref="NativeLoadProbe"/>) from a copy of the output folder with
/// one native file changed, and checks that the library's <see cref="NativeLoadException"/> names the real cause.
/// </summary>
public sealed class NativeLoadFailureTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nmf-native-{Guid.NewGuid():N}");

    [Fact]
    public void Train_WithoutBackendPackage_ThrowsBackendMissing()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The app as it is without libtorch-cpu-linux-x64: no libtorch files and no deps.json entries for them.
        LinkOutputFolder(skip: file => Path.GetFileName(file).StartsWith("libtorch", StringComparison.Ordinal) || Path.GetFileName(file).StartsWith("libc10", StringComparison.Ordinal));
        RemoveBackendFromDeps();

        var (exitCode, output) = RunProbe();

        exitCode.Should().Be(3, output);
        string reported = Reported(output);
        reported.Should().StartWith("BackendMissing: NetflixMf could not load TorchSharp: the application references no native libtorch backend")
            .And.Contain("dotnet add package libtorch-cpu-linux-x64 --version 2.10.0");
        Troubleshooting().Should().Contain("> " + reported["BackendMissing: ".Length..], "docs/troubleshooting.md quotes the real text");
    }

    [Fact]
    public void Train_WithNativeFixTurnedOffOnOldLibstdcxx_ThrowsLoadFailedNamingTheFix()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The app as built with NetflixMfPatchNativeLibrary=false: TorchSharp's glue library exactly as NuGet ships it.
        string nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string original = Path.Combine(nugetRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(original).Should().BeTrue($"the TorchSharp package is restored under {nugetRoot}");
        LinkOutputFolder(skip: file => Path.GetFileName(file) == "libLibTorchSharp.so");
        File.Copy(original, Path.Combine(_folder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));

        var (exitCode, output) = RunProbe();

        if (SystemLibstdcxxHas("GLIBCXX_3.4.32"))
        {
            exitCode.Should().Be(0, "a libstdc++ from GCC 13 or later loads the unpatched library: " + output);
            return;
        }
        exitCode.Should().Be(3, output);
        Reported(output).Should().StartWith("LoadFailed: NetflixMf could not load TorchSharp: the native backend is present")
            .And.Contain("GLIBCXX_3.4.32")
            .And.Contain("remove NetflixMfPatchNativeLibrary=false");
        string advice = Reported(output)[Reported(output).IndexOf("version `GLIBCXX_3.4.32' not found", StringComparison.Ordinal)..];
        advice = advice[advice.IndexOf(").", StringComparison.Ordinal)..];
        Troubleshooting().Should().Contain(advice, "docs/troubleshooting.md quotes the real text");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Copies the test output folder, with symbolic links for the native libraries (half a gigabyte): the host
    /// resolves links of managed files back to the original folder, so those are copied.</summary>
    private void LinkOutputFolder(Func<string, bool> skip)
    {
        string source = AppContext.BaseDirectory;
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (skip(file)) continue;
            string target = Path.Combine(_folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (file.Contains(".so", StringComparison.Ordinal) || file.EndsWith(".dylib", StringComparison.Ordinal)) File.CreateSymbolicLink(target, file);
            else File.Copy(file, target);
        }
    }

    private void RemoveBackendFromDeps()
    {
        string deps = Path.Combine(_folder, "NetflixMf.Tests.deps.json");
        var root = JsonNode.Parse(File.ReadAllText(deps))!;
        foreach (var (_, target) in root["targets"]!.AsObject())
        {
            foreach (var (name, library) in target!.AsObject())
            {
                if (name.StartsWith("libtorch-cpu", StringComparison.OrdinalIgnoreCase)) library!.AsObject().Remove("native");
            }
        }
        File.WriteAllText(deps, root.ToJsonString());
    }

    private (int ExitCode, string Output) RunProbe()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Without this TorchSharp's last resort copies half a gigabyte of libtorch out of the NuGet cache into the folder.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "no-nuget-cache");
        start.ArgumentList.Add(Path.Combine(_folder, "NetflixMf.Tests.dll"));
        start.ArgumentList.Add(NativeLoadProbe.Command);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string Troubleshooting()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetflixMf.sln"))) dir = dir.Parent;
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", "troubleshooting.md"));
    }

    private static string Reported(string output)
    {
        int start = output.IndexOf(NativeLoadProbe.Marker, StringComparison.Ordinal);
        return start < 0 ? output : output[(start + NativeLoadProbe.Marker.Length)..].Trim();
    }

    private static bool SystemLibstdcxxHas(string version)
    {
        foreach (string path in new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
        {
            if (File.Exists(path)) return File.ReadAllBytes(path).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(version + "\0")) >= 0;
        }
        return true;
    }
}
