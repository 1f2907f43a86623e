using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NetflixMf.Shared;

/// <summary>
/// Writes one file atomically: to a short-named temporary file in the target's folder, flushed to disk, then renamed
/// over the target. The one writer behind model files, rating caches and every CLI output.
/// </summary>
/// <remarks>
/// <para><see cref="Create"/> checks everything that can be checked before the work starts: the target is a regular
/// file or absent (never a device node, FIFO or folder, which a rename would replace), the folder exists and is
/// writable, and the names fit. It creates the temporary file at once, so a caller that creates its writers before
/// long work fails in seconds, not after it.</para>
/// <para>Until <see cref="Commit"/>, the target is untouched; <see cref="Dispose"/> without a commit deletes the
/// temporary file, and so does process exit (SIGTERM included) for any writer still open.</para>
/// </remarks>
public sealed class AtomicFileWriter : IDisposable
{
    // NAME_MAX on Linux and macOS, in UTF-8 bytes; NTFS allows 255 UTF-16 units, which is never fewer characters.
    private const int MaxNameBytes = 255;
    private static readonly ConcurrentDictionary<string, byte> s_open = new(StringComparer.Ordinal);
    private FileStream? _stream;
    private bool _committed;
    private bool _disposed;

    static AtomicFileWriter() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteOpenTemporaries();

    private AtomicFileWriter(string targetPath, string temporaryPath, FileStream stream)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
        _stream = stream;
    }

    /// <summary>The full path of the file that appears on <see cref="Commit"/>.</summary>
    public string TargetPath { get; }

    /// <summary>The full path of the temporary file being written (hidden, in the target's folder).</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write the content to.</summary>
    /// <exception cref="ObjectDisposedException">The writer was committed or disposed.</exception>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));

    /// <summary>Checks the target and its folder and creates the temporary file.</summary>
    /// <param name="path">The file to write.</param>
    /// <returns>A writer whose <see cref="Stream"/> receives the content.</returns>
    /// <exception cref="IOException">The target is not a regular file, the folder is missing, or a name is too long; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable; the message names it.</exception>
    public static AtomicFileWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(target);
        string folder = System.IO.Path.GetDirectoryName(target) ?? ".";
        if (name.Length == 0) throw new IOException($"{path}: names a folder, not a file.");
        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new PathTooLongException($"{path}: the file name is {Encoding.UTF8.GetByteCount(name)} bytes long; the limit is {MaxNameBytes}.");
        }
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
        FileKind.RequireRegular(target, "output file", allowMissing: true);
        string temporary = System.IO.Path.Combine(folder, TemporaryName(name));
        FileStream stream;
        try
        {
            stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{path}: the folder {folder} is not writable ({e.Message})", e);
        }
        catch (IOException e) when (e is not PathTooLongException)
        {
            throw new IOException($"{path}: cannot create a file in {folder}: {e.Message}", e);
        }
        s_open[temporary] = 0;
        return new AtomicFileWriter(target, temporary, stream);
    }

    /// <summary>Writes a file atomically with <paramref name="write"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    /// <exception cref="IOException">See <see cref="Create"/>, or writing failed; the target is then untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var writer = Create(path);
        write(writer.Stream);
        writer.Commit();
    }

    /// <summary>Flushes the content to disk and renames the temporary file over the target.</summary>
    /// <exception cref="IOException">The target became a non-regular file meanwhile, or the rename failed; the temporary file is deleted on dispose.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed || _committed, this);
        var stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        FileKind.RequireRegular(TargetPath, "output file", allowMissing: true);
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
        s_open.TryRemove(TemporaryPath, out _);
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // A full disk can fail the final flush; the file is deleted below all the same.
        }
        _stream = null;
        if (!_committed) DeleteQuietly(TemporaryPath);
        s_open.TryRemove(TemporaryPath, out _);
    }

    /// <summary>Deletes the temporary files of every writer not yet committed or disposed (process exit, SIGTERM).</summary>
    internal static void DeleteOpenTemporaries()
    {
        foreach (string temporary in s_open.Keys)
        {
            DeleteQuietly(temporary);
            s_open.TryRemove(temporary, out _);
        }
    }

    /// <summary>The number of temporary files open in this process (for tests).</summary>
    internal static int OpenCount => s_open.Count;

    private static string TemporaryName(string targetName)
    {
        // Short and independent of the target's length, so any legal target name leaves room for it; the extension
        // is kept when short, for writers that choose the format by it.
        string extension = System.IO.Path.GetExtension(targetName);
        if (extension.Length > 8 || Encoding.UTF8.GetByteCount(extension) != extension.Length) extension = string.Empty;
        return $".nmf-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp{extension}";
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure matters more than a hidden temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
