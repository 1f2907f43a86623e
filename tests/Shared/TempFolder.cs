using System.Text;

namespace NetflixMf.Testing;

/// <summary>A unique temporary folder for one test, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netflixmf-tests-{Guid.NewGuid():N}");

    /// <summary>The full path of <paramref name="relativePath"/> inside the folder (nothing is created).</summary>
    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM (Latin-1 characters become two bytes; use <see cref="WriteBytes"/> for Latin-1).</summary>
    public string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes raw bytes, creating subfolders as needed, and returns the full path.</summary>
    public string WriteBytes(string relativePath, byte[] bytes)
    {
        string full = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>Every file name in the folder (hidden temp files included), sorted.</summary>
    public IReadOnlyList<string> FileNames() =>
        [.. Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a failing test must not hide the test's own failure.
        }
    }
}
