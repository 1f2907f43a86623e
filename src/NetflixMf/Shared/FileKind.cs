using System.Runtime.InteropServices;

namespace NetflixMf.Shared;

/// <summary>What a path names on disk: nothing, a regular file, a folder, or something else (device, FIFO, socket).</summary>
internal enum FileKindValue
{
    Missing,
    Regular,
    Directory,
    Other,
}

/// <summary>
/// Tells regular files from device nodes, FIFOs and sockets before they are opened: opening a FIFO for reading blocks
/// until a writer appears, <c>/dev/zero</c> never ends, and renaming a file over <c>/dev/null</c> replaces the device.
/// </summary>
/// <remarks>.NET reports every non-folder as a plain file on Unix, so this asks the runtime's own native shim
/// (<c>SystemNative_Stat</c>, whose mode bits the runtime normalizes across Unix systems).</remarks>
internal static partial class FileKind
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>The kind of <paramref name="path"/>, following symbolic links.</summary>
    public static FileKindValue Of(string path)
    {
        if (Directory.Exists(path)) return FileKindValue.Directory;
        if (!File.Exists(path)) return FileKindValue.Missing;
        if (OperatingSystem.IsWindows()) return FileKindValue.Regular;
        try
        {
            // FileStatus starts with int32 Flags, int32 Mode; the buffer is larger than the whole struct.
            Span<byte> status = stackalloc byte[512];
            unsafe
            {
                fixed (byte* p = status)
                {
                    if (Stat(path, p) != 0) return File.Exists(path) ? FileKindValue.Regular : FileKindValue.Missing;
                }
            }
            int mode = BitConverter.ToInt32(status[4..8]);
            return (mode & TypeMask) switch
            {
                RegularType => FileKindValue.Regular,
                DirectoryType => FileKindValue.Directory,
                _ => FileKindValue.Other,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKindValue.Regular;
        }
    }

    /// <summary>Throws <see cref="IOException"/> unless <paramref name="path"/> is a regular file (or, with <paramref name="allowMissing"/>, absent).</summary>
    /// <param name="path">The path to check.</param>
    /// <param name="role">What the file is for, for the message ("model file", "output").</param>
    /// <param name="allowMissing">Whether a path that does not exist yet is fine (an output).</param>
    public static void RequireRegular(string path, string role, bool allowMissing)
    {
        switch (Of(path))
        {
            case FileKindValue.Regular:
                return;
            case FileKindValue.Missing when allowMissing:
                return;
            case FileKindValue.Missing:
                throw new FileNotFoundException($"{path}: no such {role}.", path);
            case FileKindValue.Directory:
                throw new IOException($"{path}: is a folder, not a {role}.");
            default:
                throw new IOException($"{path}: is not a regular file (a device, FIFO or socket); a {role} must be a regular file.");
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* output);
}
