using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>Saves a <see cref="RatingSet"/> to a compact binary file and loads it back far faster than parsing text.</summary>
/// <remarks>
/// <para>In the framing shared with model files (the 8-byte magic <c>NFMFRSET</c>, the int32 format version, the
/// fields, an XxHash3 (64-bit) checksum of every byte before it): flags (int32, bit 0 = dates present), the rating
/// count (int64), the scale minimum and maximum (float32), the user and movie id counts (int32); then the user ids and
/// movie ids (each an int32 count followed by the ids); then the columns user indices, movie indices, ratings and, with
/// dates, day numbers, each written whole.</para>
/// <para>A file is written through <see cref="AtomicFileWriter"/> (temporary file in the same folder, flushed to disk,
/// renamed over the target), so a crash never leaves a half-written cache under the target name. Loading checks every
/// count against the bytes left in the file before allocating; from a stream of unknown length the columns grow as
/// the data arrives, so a crafted header count cannot make it allocate gigabytes.</para>
/// </remarks>
public static class RatingSetCache
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 2;

    private const string Kind = "NetflixMf rating cache";
    private const string Advice = "Delete it and load the ratings again.";
    private static ReadOnlySpan<byte> Magic => "NFMFRSET"u8;

    /// <summary>Saves <paramref name="ratings"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed; the target is then untouched.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void Save(RatingSet ratings, string path)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFileWriter.Write(path, stream => Save(ratings, stream));
    }

    /// <summary>Writes <paramref name="ratings"/> to <paramref name="stream"/> at its current position.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Save(RatingSet ratings, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(stream);
        var frame = new FrameWriter(stream, Magic, FormatVersion);
        frame.WriteInt32(ratings.HasDates ? 1 : 0);
        frame.WriteInt64(ratings.Count);
        frame.WriteSingle(ratings.Scale.Minimum);
        frame.WriteSingle(ratings.Scale.Maximum);
        frame.WriteInt32(ratings.Users.Count);
        frame.WriteInt32(ratings.Movies.Count);
        WriteIds(frame, ratings.Users);
        WriteIds(frame, ratings.Movies);
        frame.WriteArray(ratings.UserIndices);
        frame.WriteArray(ratings.MovieIndices);
        frame.WriteArray(ratings.Ratings);
        if (ratings.HasDates) frame.WriteArray(ratings.DayNumbers);
        frame.Finish();
    }

    /// <summary>Loads a rating set saved by <see cref="Save(RatingSet, string)"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a rating cache, has another format version, is truncated or corrupt; the message names the file.</exception>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    public static RatingSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileKind.RequireRegular(path, "rating cache", allowMissing: false);
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
        name = $"'{name ?? (stream is FileStream file ? file.Name : "the stream")}'";
        var frame = FrameReader.Open(stream, name, Magic, Kind, FormatVersion, Advice);
        int flags = frame.ReadInt32();
        long count = frame.ReadInt64();
        var scale = new RatingScale(frame.ReadSingle(), frame.ReadSingle());
        int userCount = frame.ReadInt32();
        int movieCount = frame.ReadInt32();
        bool hasDates = (flags & 1) != 0;
        if ((flags & ~1) != 0 || count < 0 || count > Array.MaxLength || userCount < 0 || movieCount < 0 || !(scale.Minimum <= scale.Maximum))
        {
            throw new InvalidDataException($"{name} is corrupt: its header is invalid (flags {flags}, {count} ratings, {userCount} users, {movieCount} movies).");
        }
        // The whole announced size must be in the file before any column is allocated.
        frame.Require(8L + 4L * userCount + 4L * movieCount + count * (hasDates ? 14 : 12), $"{count:N0} ratings");
        IdIndex users = ReadIds(frame, userCount, "the user ids");
        IdIndex movies = ReadIds(frame, movieCount, "the movie ids");
        int[] userIndices = frame.ReadArray<int>(count, "the user column");
        int[] movieIndices = frame.ReadArray<int>(count, "the movie column");
        float[] ratings = frame.ReadArray<float>(count, "the rating column");
        ushort[]? days = hasDates ? frame.ReadArray<ushort>(count, "the date column") : null;
        frame.Finish();
        try
        {
            return new RatingSet(users, movies, userIndices, movieIndices, ratings, days, scale);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{name} is corrupt: {e.Message}", e);
        }
    }

    private static void WriteIds(FrameWriter frame, IdIndex index)
    {
        frame.WriteInt32(index.Count);
        frame.WriteArray(index.Ids);
    }

    private static IdIndex ReadIds(FrameReader frame, int expectedCount, string what)
    {
        int count = frame.ReadInt32();
        if (count != expectedCount) throw new InvalidDataException($"{frame.Name} is corrupt: {what} hold {count} ids, the header says {expectedCount}.");
        int[] ids = frame.ReadArray<int>(count, what);
        try
        {
            return IdIndex.FromSortedDistinct(ids);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{frame.Name} is corrupt: {e.Message}", e);
        }
    }
}
