using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>The single-file format of the baselines (<see cref="PopularityRecommender"/>, <see cref="BiasRecommender"/>).</summary>
/// <remarks>
/// The shared framing of <see cref="FrameWriter"/> (magic "NETFLXBL", format version, fields, XxHash3 checksum) with
/// these fields: kind name, scale minimum and maximum, global mean, user and movie ids, int32 column count, each
/// column as int64 value count and float32 values. Every size is checked before anything is allocated and the
/// checksum before anything is built.
/// </remarks>
internal static class BaselineModelFile
{
    public const int FormatVersion = 2;
    public const string PopularityKind = "popularity";
    public const string BiasKind = "bias";
    private const int MaxColumns = 16;
    private const string Kind = "NetflixMf baseline model file";
    private const string Advice = "Save it again with this version of NetflixMf.";

    public static ReadOnlySpan<byte> Magic => "NETFLXBL"u8;

    public static void Save(string path, string kind, IdIndex users, IdIndex movies, float globalMean, RatingScale scale, float[][] columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFileWriter.Write(path, stream => Write(stream, kind, users, movies, globalMean, scale, columns));
    }

    public static void Write(Stream destination, string kind, IdIndex users, IdIndex movies, float globalMean, RatingScale scale, float[][] columns)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var frame = new FrameWriter(destination, Magic, FormatVersion);
        frame.WriteString(kind);
        frame.WriteSingle(scale.Minimum);
        frame.WriteSingle(scale.Maximum);
        frame.WriteSingle(globalMean);
        ModelFile.WriteIds(frame, users);
        ModelFile.WriteIds(frame, movies);
        frame.WriteInt32(columns.Length);
        foreach (float[] column in columns)
        {
            frame.WriteInt64(column.Length);
            frame.WriteArray<float>(column);
        }
        frame.Finish();
    }

    public static IRecommender Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Checked before opening: opening a FIFO blocks until a writer appears, and /dev/zero never ends.
        FileKind.RequireRegular(path, "model file", allowMissing: false);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    public static IRecommender Read(Stream source, string name)
    {
        var frame = FrameReader.Open(source, name, Magic, Kind, FormatVersion, Advice);
        string kind = frame.ReadString(1024, "the baseline kind");
        var scale = ModelFile.ReadScale(frame);
        float mean = ModelFile.ReadGlobalMean(frame);
        var users = ModelFile.ReadIds(frame, "the user ids");
        var movies = ModelFile.ReadIds(frame, "the movie ids");
        int count = frame.ReadInt32();
        if (count is < 0 or > MaxColumns) throw new InvalidDataException($"{name} is corrupt: {count} columns.");
        var columns = new float[count][];
        for (int c = 0; c < count; c++)
        {
            long length = frame.ReadInt64();
            if (length is < 0 or > int.MaxValue) throw new InvalidDataException($"{name} is corrupt: column {c} has {length} values.");
            columns[c] = frame.ReadArray<float>(length, $"column {c}");
            foreach (float value in columns[c])
            {
                if (!float.IsFinite(value)) throw new InvalidDataException($"{name} is corrupt: column {c} holds NaN or infinite values.");
            }
        }
        frame.Finish();
        return kind switch
        {
            PopularityKind => PopularityRecommender.FromColumns(users, movies, mean, scale, columns, name),
            BiasKind => BiasRecommender.FromColumns(users, movies, mean, scale, columns, name),
            _ => throw new InvalidDataException($"{name} holds an unknown baseline kind '{kind}'."),
        };
    }
}
