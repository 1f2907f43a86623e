using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using NetflixMf.Indexing;

namespace NetflixMf.Data;

/// <summary>Saves a <see cref="RatingSet"/> to a compact binary file and loads it back far faster than parsing text.</summary>
/// <remarks>
/// <para>Layout (little-endian): the 8-byte magic <c>NFMFRSET</c>, the format version (int32), flags (int32, bit 0 =
/// dates present), the rating count (int64), the scale minimum and maximum (float32), the user and movie id counts
/// (int32); then the user ids and movie ids (each an int32 count followed by the ids); then the columns user indices,
/// movie indices, ratings and, with dates, day numbers, each written whole; last an XxHash3 (64-bit) of every byte
/// before it.</para>
/// <para>A file is written to a temporary file in the same folder, flushed to disk, then renamed over the target, so a
/// crash never leaves a half-written cache under the target name.</para>
/// </remarks>
public static class RatingSetCache
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private const int HeaderLength = 40;
    private const int BlockBytes = 64 << 20;
    private static ReadOnlySpan<byte> Magic => "NFMFRSET"u8;

    /// <summary>Saves <paramref name="ratings"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Save(RatingSet ratings, string path)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Save(ratings, stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="ratings"/> to <paramref name="stream"/> at its current position.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Save(RatingSet ratings, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        var hash = new XxHash3();
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], ratings.HasDates ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], ratings.Count);
        BinaryPrimitives.WriteSingleLittleEndian(header[24..], ratings.Scale.Minimum);
        BinaryPrimitives.WriteSingleLittleEndian(header[28..], ratings.Scale.Maximum);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], ratings.Users.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], ratings.Movies.Count);
        Write(stream, hash, header);
        WriteIds(stream, hash, ratings.Users);
        WriteIds(stream, hash, ratings.Movies);
        Write(stream, hash, MemoryMarshal.AsBytes(ratings.UserIndices));
        Write(stream, hash, MemoryMarshal.AsBytes(ratings.MovieIndices));
        Write(stream, hash, MemoryMarshal.AsBytes(ratings.Ratings));
        if (ratings.HasDates) Write(stream, hash, MemoryMarshal.AsBytes(ratings.DayNumbers));
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, hash.GetCurrentHashAsUInt64());
        stream.Write(trailer);
    }

    /// <summary>Loads a rating set saved by <see cref="Save(RatingSet, string)"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a rating cache, has another format version, is truncated or corrupt; the message names the file.</exception>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    public static RatingSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // No FileStream buffer: the columns are read straight into their arrays in large blocks.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return Load(stream, path);
    }

    /// <summary>Loads a rating set written by <see cref="Save(RatingSet, Stream)"/> from the current position of <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="name">How messages name the source; defaults to the file name of a <see cref="FileStream"/>.</param>
    /// <exception cref="InvalidDataException">The data is not a rating cache, has another format version, is truncated or corrupt.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="EndOfStreamException">The stream ends before the cache does.</exception>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian.</exception>
    public static RatingSet Load(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        name ??= stream is FileStream file ? file.Name : "the stream";
        var hash = new XxHash3();
        try
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            int got = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
            if (got < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
            {
                throw new InvalidDataException($"'{name}' is not a NetflixMf rating cache (its first bytes are not 'NFMFRSET').");
            }
            if (got < HeaderLength) throw new EndOfStreamException();
            int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"'{name}' is a rating cache of format version {version}; this NetflixMf reads version {FormatVersion}. Delete it and load the ratings again.");
            }
            hash.Append(header);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            long count = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            var scale = new RatingScale(BinaryPrimitives.ReadSingleLittleEndian(header[24..]), BinaryPrimitives.ReadSingleLittleEndian(header[28..]));
            int userCount = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
            int movieCount = BinaryPrimitives.ReadInt32LittleEndian(header[36..]);
            bool hasDates = (flags & 1) != 0;
            if ((flags & ~1) != 0 || count < 0 || count > Array.MaxLength || userCount < 0 || movieCount < 0 || !(scale.Minimum <= scale.Maximum))
            {
                throw new InvalidDataException($"'{name}' is corrupt: its header is invalid (flags {flags}, {count} ratings, {userCount} users, {movieCount} movies).");
            }
            if (stream.CanSeek)
            {
                long expected = HeaderLength + 4L + 4L * userCount + 4L + 4L * movieCount + count * (hasDates ? 14 : 12) + 8;
                long actual = stream.Length - stream.Position + HeaderLength;
                if (actual < expected) throw new EndOfStreamException();
                if (actual > expected) throw new InvalidDataException($"'{name}' is corrupt: {actual - expected} unexpected bytes after the data.");
            }
            IdIndex users = ReadIds(stream, hash, userCount, name);
            IdIndex movies = ReadIds(stream, hash, movieCount, name);
            int n = (int)count;
            int[] userIndices = GC.AllocateUninitializedArray<int>(n);
            int[] movieIndices = GC.AllocateUninitializedArray<int>(n);
            float[] ratings = GC.AllocateUninitializedArray<float>(n);
            ushort[]? days = hasDates ? GC.AllocateUninitializedArray<ushort>(n) : null;
            Read(stream, hash, MemoryMarshal.AsBytes(userIndices.AsSpan()));
            Read(stream, hash, MemoryMarshal.AsBytes(movieIndices.AsSpan()));
            Read(stream, hash, MemoryMarshal.AsBytes(ratings.AsSpan()));
            if (days is not null) Read(stream, hash, MemoryMarshal.AsBytes(days.AsSpan()));
            Span<byte> trailer = stackalloc byte[8];
            stream.ReadExactly(trailer);
            if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != hash.GetCurrentHashAsUInt64())
            {
                throw new InvalidDataException($"'{name}' is corrupt: its checksum does not match its contents.");
            }
            try
            {
                return new RatingSet(users, movies, userIndices, movieIndices, ratings, days, scale);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"'{name}' is corrupt: {e.Message}", e);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{name}' is truncated: it ends before the data its header announces.", e);
        }
    }

    private static void WriteIds(Stream stream, XxHash3 hash, IdIndex index)
    {
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, index.Count);
        Write(stream, hash, count);
        Write(stream, hash, MemoryMarshal.AsBytes(index.Ids));
    }

    private static IdIndex ReadIds(Stream stream, XxHash3 hash, int expectedCount, string name)
    {
        Span<byte> countBytes = stackalloc byte[4];
        Read(stream, hash, countBytes);
        int count = BinaryPrimitives.ReadInt32LittleEndian(countBytes);
        if (count != expectedCount) throw new InvalidDataException($"'{name}' is corrupt: an id index holds {count} ids, the header says {expectedCount}.");
        int[] ids = GC.AllocateUninitializedArray<int>(count);
        Read(stream, hash, MemoryMarshal.AsBytes(ids.AsSpan()));
        try
        {
            return IdIndex.FromSortedDistinct(ids);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{name}' is corrupt: {e.Message}", e);
        }
    }

    private static void Write(Stream stream, XxHash3 hash, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var block = bytes[..Math.Min(bytes.Length, BlockBytes)];
            hash.Append(block);
            stream.Write(block);
            bytes = bytes[block.Length..];
        }
    }

    private static void Read(Stream stream, XxHash3 hash, Span<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var block = bytes[..Math.Min(bytes.Length, BlockBytes)];
            stream.ReadExactly(block);
            hash.Append(block);
            bytes = bytes[block.Length..];
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The rating cache is written and read on little-endian machines only.");
    }
}
