using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using NetflixMf.Indexing;

namespace NetflixMf.Models;

/// <summary>Loads any model file NetflixMf writes (biased factorization, SVD++, blend) by its magic header.</summary>
/// <remarks>Every kind starts with an 8-byte magic: <c>NETFLXMF</c> (<see cref="FactorizationModel"/>), <c>NMFSVDPP</c>
/// (<see cref="SvdPlusPlusModel"/>) or <c>NMFBLEND</c> (<see cref="BlendModel"/>).</remarks>
public static class PrizeModelFile
{
    internal static ReadOnlySpan<byte> FactorizationMagic => "NETFLXMF"u8;

    internal static ReadOnlySpan<byte> SvdPlusPlusMagic => "NMFSVDPP"u8;

    internal static ReadOnlySpan<byte> BlendMagic => "NMFBLEND"u8;

    /// <summary>Loads a model file of any kind.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model; dispose it when done.</returns>
    /// <exception cref="InvalidDataException">The file is not a NetflixMf model, or it is truncated or corrupt.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IRecommender Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(File.ReadAllBytes(path), path);
    }

    /// <summary>Loads a model of any kind from its file bytes; <paramref name="source"/> names it in errors.</summary>
    internal static IRecommender Load(byte[] data, string source)
    {
        var head = data.AsSpan(0, Math.Min(8, data.Length));
        if (head.SequenceEqual(FactorizationMagic)) return FactorizationModel.Load(new MemoryStream(data, writable: false));
        if (head.SequenceEqual(SvdPlusPlusMagic)) return SvdPlusPlusModelFile.Read(data, source);
        if (head.SequenceEqual(BlendMagic)) return BlendModelFile.Read(data, source);
        throw new InvalidDataException($"{source} is not a NetflixMf model file (unknown magic header).");
    }

    /// <summary>Writes through <paramref name="write"/> to a temporary file beside <paramref name="path"/>, then renames it over.</summary>
    internal static void SaveAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // Best effort: the original exception matters more than a stray temporary file.
            }
            throw;
        }
    }
}

/// <summary>Writes little-endian values while hashing them; <see cref="Finish"/> appends the XxHash64 of everything written.</summary>
internal sealed class HashedWriter(Stream destination)
{
    private readonly XxHash64 _hash = new();

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        _hash.Append(bytes);
        destination.Write(bytes);
    }

    public void Int32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        Bytes(b);
    }

    public void Single(float value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        Bytes(b);
    }

    public void Double(double value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        Bytes(b);
    }

    public void String(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        Int32(bytes.Length);
        Bytes(bytes);
    }

    public void Array<T>(T[] values)
        where T : unmanaged
    {
        Int32(values.Length);
        Bytes(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public void Index(IdIndex index)
    {
        using var buffer = new MemoryStream();
        index.WriteTo(buffer);
        Bytes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public void Finish()
    {
        Span<byte> hash = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(hash, _hash.GetCurrentHashAsUInt64());
        destination.Write(hash);
    }
}

/// <summary>Reads what <see cref="HashedWriter"/> wrote, after checking magic, version and checksum; damage becomes <see cref="InvalidDataException"/>.</summary>
internal sealed class CheckedReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly string _source;
    private int _position;

    public CheckedReader(byte[] data, ReadOnlySpan<byte> magic, int maxVersion, string source, string kind)
    {
        _data = data;
        _source = source;
        if (data.Length < magic.Length + 4 + 8 || !data.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new InvalidDataException($"{source} is not a NetflixMf {kind} file (missing magic header, or truncated).");
        }
        Version = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(magic.Length));
        if (Version > maxVersion) throw new InvalidDataException($"{source} has {kind} format version {Version}; this version of NetflixMf reads up to {maxVersion}. Upgrade NetflixMf.");
        if (Version < 1) throw new InvalidDataException($"{source} has an invalid {kind} format version {Version}.");
        _end = data.Length - 8;
        if (XxHash64.HashToUInt64(data.AsSpan(0, _end)) != BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(_end)))
        {
            throw new InvalidDataException($"{source} is truncated or corrupt (checksum mismatch).");
        }
        _position = magic.Length + 4;
    }

    public int Version { get; }

    public int Remaining => _end - _position;

    public string Source => _source;

    public ReadOnlySpan<byte> Bytes(long count, string what)
    {
        if (count < 0 || count > Remaining) throw new InvalidDataException($"{_source} is corrupt: {what} runs past the end of the data.");
        var span = _data.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, "an integer"));

    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Bytes(4, "a number"));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8, "a number"));

    public string String()
    {
        int length = Int32();
        if (length is < 0 or > 1 << 20) throw new InvalidDataException($"{_source} is corrupt: string length {length}.");
        return Encoding.UTF8.GetString(Bytes(length, "a string"));
    }

    public T[] Array<T>(long expectedLength, string what)
        where T : unmanaged
    {
        int length = Int32();
        if (expectedLength >= 0 && length != expectedLength) throw new InvalidDataException($"{_source} is corrupt: {what} has {length} entries instead of {expectedLength}.");
        if (length < 0) throw new InvalidDataException($"{_source} is corrupt: {what} has a negative length.");
        var bytes = Bytes((long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), what);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public IdIndex Index()
    {
        using var stream = new MemoryStream(_data, _position, Remaining, writable: false);
        IdIndex index;
        try
        {
            index = IdIndex.ReadFrom(stream);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{_source} is corrupt: an id index runs past the end of the data.", e);
        }
        _position += (int)stream.Position;
        return index;
    }

    public void End()
    {
        if (Remaining != 0) throw new InvalidDataException($"{_source} is corrupt: {Remaining} unexpected bytes at the end.");
    }
}
