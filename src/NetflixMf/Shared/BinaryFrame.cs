using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace NetflixMf.Shared;

/// <summary>
/// The one framing of NetflixMf binary files (model files and rating caches): an 8-byte magic, an int32 format
/// version, the fields, then an XxHash3 (64-bit) checksum of every byte before it. Little-endian, 64-bit lengths,
/// written in blocks so a field may exceed 2 GiB.
/// </summary>
internal sealed class FrameWriter
{
    public const int BlockBytes = 64 << 20;
    private readonly Stream _stream;
    private readonly XxHash3 _hash = new();

    public FrameWriter(Stream stream, ReadOnlySpan<byte> magic, int version)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NetflixMf binary files are written on little-endian machines only.");
        _stream = stream;
        WriteBytes(magic);
        WriteInt32(version);
    }

    public void WriteInt32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        WriteBytes(b);
    }

    public void WriteInt64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        WriteBytes(b);
    }

    public void WriteSingle(float value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        WriteBytes(b);
    }

    /// <summary>An int32 byte count, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var block = bytes[..Math.Min(bytes.Length, BlockBytes)];
            _hash.Append(block);
            _stream.Write(block);
            bytes = bytes[block.Length..];
        }
    }

    public void WriteArray<T>(ReadOnlySpan<T> values)
        where T : unmanaged => WriteBytes(MemoryMarshal.AsBytes(values));

    /// <summary>Writes <paramref name="length"/> bytes of native memory (any size).</summary>
    public unsafe void WriteMemory(void* data, long length)
    {
        byte* p = (byte*)data;
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(BlockBytes, length - done);
            WriteBytes(new ReadOnlySpan<byte>(p + done, n));
            done += n;
        }
    }

    /// <summary>Writes the checksum; nothing may follow.</summary>
    public void Finish()
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, _hash.GetCurrentHashAsUInt64());
        _stream.Write(trailer);
        _stream.Flush();
    }
}

/// <summary>
/// Reads the framing of <see cref="FrameWriter"/> with bounded reads: every size is checked against the bytes left in
/// the file (or, for a stream of unknown length, read in growing blocks or capped by the available memory) BEFORE
/// anything is allocated, so a crafted header cannot make it allocate gigabytes. Every failure is an
/// <see cref="InvalidDataException"/> that names the source.
/// </summary>
internal sealed class FrameReader
{
    private const int TrailerBytes = 8;
    private readonly Stream _stream;
    private readonly XxHash3 _hash = new();
    private long _remaining;

    private FrameReader(Stream stream, string name, long remaining)
    {
        _stream = stream;
        Name = name;
        _remaining = remaining;
    }

    /// <summary>How messages name the source.</summary>
    public string Name { get; }

    /// <summary>Payload bytes left before the checksum, or <see langword="null"/> for a stream of unknown length.</summary>
    public long? Remaining => _remaining < 0 ? null : _remaining;

    /// <summary>Checks the magic and the version and returns a reader positioned at the first field.</summary>
    /// <param name="stream">The source, at the start of the frame.</param>
    /// <param name="name">How messages name the source.</param>
    /// <param name="magic">The 8-byte magic of the file kind.</param>
    /// <param name="kind">The file kind for messages ("NetflixMf model file").</param>
    /// <param name="version">The one format version this build reads.</param>
    /// <param name="advice">What to do about another version (a sentence).</param>
    public static FrameReader Open(Stream stream, string name, ReadOnlySpan<byte> magic, string kind, int version, string advice)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NetflixMf binary files are read on little-endian machines only.");
        long remaining = -1;
        if (stream.CanSeek)
        {
            try
            {
                remaining = stream.Length - stream.Position;
            }
            catch (NotSupportedException)
            {
                remaining = -1;
            }
        }
        var reader = new FrameReader(stream, name, remaining);
        Span<byte> header = stackalloc byte[12];
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < magic.Length || !header[..magic.Length].SequenceEqual(magic))
        {
            throw new InvalidDataException($"{name} is not a {kind} (its first bytes are not '{Encoding.ASCII.GetString(magic)}').");
        }
        if (got < header.Length) throw new InvalidDataException($"{name} is truncated: it ends inside its header.");
        int found = BinaryPrimitives.ReadInt32LittleEndian(header[magic.Length..]);
        if (found != version)
        {
            throw new InvalidDataException($"{name} is a {kind} of format version {found}; this NetflixMf reads version {version}. {advice}");
        }
        reader._hash.Append(header);
        if (remaining >= 0)
        {
            reader._remaining = remaining - header.Length - TrailerBytes;
            if (reader._remaining < 0) throw new InvalidDataException($"{name} is truncated: it ends before its checksum.");
        }
        return reader;
    }

    /// <summary>Fails unless <paramref name="bytes"/> more payload bytes can be there (before allocating for them).</summary>
    public void Require(long bytes, string what)
    {
        if (bytes < 0) throw new InvalidDataException($"{Name} is corrupt: {what} has a negative size.");
        if (_remaining >= 0 && bytes > _remaining)
        {
            throw new InvalidDataException($"{Name} is truncated or corrupt: {what} needs {bytes:N0} bytes but only {_remaining:N0} remain.");
        }
    }

    /// <summary>
    /// Fails unless <paramref name="bytes"/> can be there and can be allocated: against the bytes left in a file, or
    /// against the memory available when the stream's length is unknown.
    /// </summary>
    public void RequireAllocatable(long bytes, string what)
    {
        Require(bytes, what);
        if (_remaining < 0 && bytes > AvailableMemory.Bytes())
        {
            throw new InvalidDataException($"{Name} is corrupt or too large: {what} would need {bytes:N0} bytes, more than the memory available.");
        }
    }

    public int ReadInt32()
    {
        Span<byte> b = stackalloc byte[4];
        ReadBytes(b, "an integer");
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    public long ReadInt64()
    {
        Span<byte> b = stackalloc byte[8];
        ReadBytes(b, "an integer");
        return BinaryPrimitives.ReadInt64LittleEndian(b);
    }

    public float ReadSingle()
    {
        Span<byte> b = stackalloc byte[4];
        ReadBytes(b, "a number");
        return BinaryPrimitives.ReadSingleLittleEndian(b);
    }

    /// <summary>Reads a string of at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public string ReadString(int maxBytes, string what)
    {
        int length = ReadInt32();
        if (length < 0 || length > maxBytes) throw new InvalidDataException($"{Name} is corrupt: {what} has length {length} (at most {maxBytes:N0}).");
        Require(length, what);
        byte[] bytes = new byte[length];
        ReadBytes(bytes, what);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads exactly <paramref name="bytes"/>.Length bytes.</summary>
    public void ReadBytes(Span<byte> bytes, string what)
    {
        Require(bytes.Length, what);
        while (!bytes.IsEmpty)
        {
            var block = bytes[..Math.Min(bytes.Length, FrameWriter.BlockBytes)];
            try
            {
                _stream.ReadExactly(block);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{Name} is truncated: it ends inside {what}.", e);
            }
            _hash.Append(block);
            if (_remaining >= 0) _remaining -= block.Length;
            bytes = bytes[block.Length..];
        }
    }

    /// <summary>
    /// Reads <paramref name="count"/> values. The size is checked against the file before allocating; from a stream of
    /// unknown length the array grows as the data arrives, so a lying count ends at the end of the stream, not in a
    /// huge allocation.
    /// </summary>
    public T[] ReadArray<T>(long count, string what)
        where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        if (count < 0 || count > Array.MaxLength) throw new InvalidDataException($"{Name} is corrupt: {what} has {count:N0} entries.");
        Require(count * size, what);
        if (_remaining >= 0)
        {
            T[] values = GC.AllocateUninitializedArray<T>((int)count);
            ReadBytes(MemoryMarshal.AsBytes(values.AsSpan()), what);
            return values;
        }
        int step = FrameWriter.BlockBytes / size;
        T[] grown = GC.AllocateUninitializedArray<T>((int)Math.Min(count, step));
        int filled = 0;
        while (true)
        {
            ReadBytes(MemoryMarshal.AsBytes(grown.AsSpan(filled)), what);
            filled = grown.Length;
            if (filled == count) return grown;
            Array.Resize(ref grown, (int)Math.Min(count, (long)filled * 2));
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes into native memory (any size).</summary>
    public unsafe void ReadMemory(void* data, long length, string what)
    {
        Require(length, what);
        byte* p = (byte*)data;
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(FrameWriter.BlockBytes, length - done);
            ReadBytes(new Span<byte>(p + done, n), what);
            done += n;
        }
    }

    /// <summary>Checks that the payload is used up and the checksum matches.</summary>
    public void Finish()
    {
        if (_remaining > 0) throw new InvalidDataException($"{Name} is corrupt: {_remaining:N0} unexpected bytes after the data.");
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        try
        {
            _stream.ReadExactly(trailer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{Name} is truncated: it ends before its checksum.", e);
        }
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != _hash.GetCurrentHashAsUInt64())
        {
            throw new InvalidDataException($"{Name} is corrupt: its checksum does not match its contents (damaged or truncated).");
        }
    }
}
