using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Models;

/// <summary>The single-file format of the baselines (<see cref="PopularityRecommender"/>, <see cref="BiasRecommender"/>).</summary>
/// <remarks>
/// Layout (little-endian): magic "NETFLXBL", int32 format version, kind name, scale minimum and maximum, global mean,
/// user and movie <see cref="IdIndex"/>, int32 column count, each column as int32 length and float32 values, then an
/// XxHash64 of everything before it, checked before anything is built.
/// </remarks>
internal static class BaselineModelFile
{
    public const int FormatVersion = 1;
    public const string PopularityKind = "popularity";
    public const string BiasKind = "bias";
    private const int MaxColumns = 16;

    public static ReadOnlySpan<byte> Magic => "NETFLXBL"u8;

    public static void Save(string path, string kind, IdIndex users, IdIndex movies, float globalMean, RatingScale scale, float[][] columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files are written on little-endian machines only.");
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        WriteInt32(buffer, FormatVersion);
        byte[] name = Encoding.UTF8.GetBytes(kind);
        WriteInt32(buffer, name.Length);
        buffer.Write(name);
        WriteSingle(buffer, scale.Minimum);
        WriteSingle(buffer, scale.Maximum);
        WriteSingle(buffer, globalMean);
        users.WriteTo(buffer);
        movies.WriteTo(buffer);
        WriteInt32(buffer, columns.Length);
        foreach (float[] column in columns)
        {
            WriteInt32(buffer, column.Length);
            buffer.Write(MemoryMarshal.AsBytes(column.AsSpan()));
        }
        Span<byte> hash = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(hash, XxHash64.HashToUInt64(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        buffer.Write(hash);

        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                buffer.Position = 0;
                buffer.CopyTo(stream);
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

    public static IRecommender Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(File.ReadAllBytes(path), path);
    }

    public static IRecommender Read(byte[] data, string source)
    {
        if (data.Length < Magic.Length + 4 + 8 || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source} is not a NetflixMf baseline file (missing magic header).");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(Magic.Length));
        if (version > FormatVersion) throw new InvalidDataException($"{source} has baseline format version {version}; this version of NetflixMf reads up to version {FormatVersion}. Upgrade NetflixMf.");
        if (version < 1) throw new InvalidDataException($"{source} has an invalid baseline format version {version}.");
        int payload = data.Length - 8;
        if (XxHash64.HashToUInt64(data.AsSpan(0, payload)) != BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(payload)))
        {
            throw new InvalidDataException($"{source} is truncated or corrupt (checksum mismatch).");
        }
        using var stream = new MemoryStream(data, Magic.Length + 4, payload - Magic.Length - 4, writable: false);
        try
        {
            string kind = Encoding.UTF8.GetString(ReadBytes(stream, ReadInt32(stream, 1024), source));
            var scale = new RatingScale(ReadSingle(stream), ReadSingle(stream));
            if (!float.IsFinite(scale.Minimum) || !float.IsFinite(scale.Maximum) || !(scale.Minimum <= scale.Maximum))
            {
                throw new InvalidDataException($"{source} has an invalid rating scale {scale.Minimum}..{scale.Maximum}.");
            }
            float mean = ReadSingle(stream);
            if (!float.IsFinite(mean)) throw new InvalidDataException($"{source} has a non-finite global mean.");
            var users = IdIndex.ReadFrom(stream);
            var movies = IdIndex.ReadFrom(stream);
            var columns = new float[ReadInt32(stream, MaxColumns)][];
            for (int c = 0; c < columns.Length; c++)
            {
                int length = ReadInt32(stream, 100_000_000);
                columns[c] = new float[length];
                stream.ReadExactly(MemoryMarshal.AsBytes(columns[c].AsSpan()));
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{source} has {stream.Length - stream.Position} unexpected bytes after the columns.");
            return kind switch
            {
                PopularityKind => PopularityRecommender.FromColumns(users, movies, mean, scale, columns, source),
                BiasKind => BiasRecommender.FromColumns(users, movies, mean, scale, columns, source),
                _ => throw new InvalidDataException($"{source} holds an unknown baseline kind '{kind}'."),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source} is corrupt: a field runs past the end of the data.", e);
        }
    }

    private static int ReadInt32(Stream stream, int maximum)
    {
        Span<byte> b = stackalloc byte[4];
        stream.ReadExactly(b);
        int value = BinaryPrimitives.ReadInt32LittleEndian(b);
        if (value < 0 || value > maximum) throw new InvalidDataException($"A length {value} is outside 0..{maximum}.");
        return value;
    }

    private static float ReadSingle(Stream stream)
    {
        Span<byte> b = stackalloc byte[4];
        stream.ReadExactly(b);
        return BinaryPrimitives.ReadSingleLittleEndian(b);
    }

    private static byte[] ReadBytes(Stream stream, int count, string source)
    {
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void WriteInt32(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteSingle(Stream s, float value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        s.Write(b);
    }
}
