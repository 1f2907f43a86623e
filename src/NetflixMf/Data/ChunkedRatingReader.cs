using System.Buffers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>
/// Reads the ratings files of a <see cref="RatingLayout"/> into exact-size columns, in parallel chunks.
/// </summary>
/// <remarks>
/// Pass 1 counts lines (and, for Netflix, lines with a colon, which can never be ratings) per chunk, so each chunk gets
/// a precomputed range of the columns, and finds the last <c>MovieID:</c> header of each chunk, so a chunk that starts
/// mid-block knows its movie. Pass 2 parses each chunk into its range. Clean files fill the columns exactly; blank or
/// skipped lines leave holes that are closed in place and then trimmed with one copy per column (documented cost).
/// Raw ids are parsed into the index columns and remapped there to ranks among the distinct ids, so indices do not
/// depend on file order or thread count.
/// </remarks>
internal static class ChunkedRatingReader
{
    /// <summary>Chunks of about 8 MB: big enough that per-chunk costs vanish, small enough to balance two cores.</summary>
    public const int DefaultChunkBytes = 8 << 20;

    private const int BoundarySearchBytes = 64 * 1024;

    private sealed class Chunk
    {
        public int Index;
        public int FileIndex;
        public long Start;
        public int Length;
        public bool IsFileEnd;
        public long Lines;
        public int ColonLines;
        public int? LastHeaderState;
        public long FirstLineNumber;
        public int InitialMovieState;
        public bool ExpectCsvHeader;
        public long Offset;
        public int Capacity;
        public ChunkParseState? Result;
    }

    public static RatingLoadResult Read(
        RatingLayout layout, RatingReaderOptions options, IProgress<LoadProgress>? progress, ILogger logger, CancellationToken ct, int chunkBytes)
    {
        var stopwatch = Stopwatch.StartNew();
        var rules = RatingRules.For(layout.Kind);
        long[] lengths = layout.Files.Select(f => new FileInfo(f).Length).ToArray();
        long totalBytes = lengths.Sum();
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = options.EffectiveParallelism };
        logger.LogDebug(EventIds.LoadStarted, "Reading {Files} {Format} file(s), {Bytes:N0} bytes, with {Threads} thread(s)",
            layout.Files.Count, layout.Format, totalBytes, parallel.MaxDegreeOfParallelism);

        List<Chunk> chunks = Plan(layout.Files, lengths, chunkBytes, ct);
        bool netflix = layout.Kind == DataKind.NetflixBlocks;

        // Pass 1: count lines and header attempts per chunk.
        var counting = new ProgressCounter(progress, LoadPhase.Counting, totalBytes);
        RunChunks(chunks, layout.Files, parallel, (chunk, data) =>
        {
            chunk.Lines = data.Count((byte)'\n') + (chunk.IsFileEnd && !data.IsEmpty && data[^1] != (byte)'\n' ? 1 : 0);
            if (netflix)
            {
                chunk.ColonLines = NetflixBlockParser.CountHeaderLines(data, out chunk.LastHeaderState);
            }
            counting.Add(chunk.Length);
        });
        ct.ThrowIfCancellationRequested();

        // Give every chunk its first line number, its movie at the start, and its exact range of the columns.
        long offset = 0, linesRead = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            bool fileStart = i == 0 || chunks[i - 1].FileIndex != chunk.FileIndex;
            chunk.FirstLineNumber = fileStart ? 1 : chunks[i - 1].FirstLineNumber + chunks[i - 1].Lines;
            chunk.InitialMovieState = fileStart ? 0 : chunks[i - 1].LastHeaderState ?? chunks[i - 1].InitialMovieState;
            chunk.ExpectCsvHeader = layout.HasCsvHeader && chunk.Start == 0;
            chunk.Capacity = checked((int)(chunk.Lines - chunk.ColonLines - (chunk.ExpectCsvHeader ? 1 : 0)));
            chunk.Offset = offset;
            offset += chunk.Capacity;
            linesRead += chunk.Lines;
        }
        if (offset > Array.MaxLength)
        {
            throw new InvalidDataException($"The files hold up to {offset:N0} ratings, more than one rating set can hold ({Array.MaxLength:N0}).");
        }
        int capacity = (int)offset;
        logger.LogDebug("Counted {Lines:N0} lines in {Chunks} chunks in {Seconds:F2} s", linesRead, chunks.Count, stopwatch.Elapsed.TotalSeconds);

        // Uninitialized: every slot that survives is written by pass 2, and zeroing 1.4 GB would cost a pass of its own.
        int[] users = GC.AllocateUninitializedArray<int>(capacity);
        int[] movies = GC.AllocateUninitializedArray<int>(capacity);
        float[] ratings = GC.AllocateUninitializedArray<float>(capacity);
        ushort[] days = GC.AllocateUninitializedArray<ushort>(capacity);

        // Pass 2: parse. Under policy Error, chunks after the first failing one need not be parsed.
        var parsing = new ProgressCounter(progress, LoadPhase.Parsing, totalBytes);
        int firstFailedChunk = int.MaxValue;
        RunChunks(chunks, layout.Files, parallel, (chunk, data) =>
        {
            if (Volatile.Read(ref firstFailedChunk) < chunk.Index) return;
            var state = new ChunkParseState(layout.Files[chunk.FileIndex], chunk.FirstLineNumber, options.OnBadLine, options.MaxSkippedExamples, rules)
            {
                MovieState = chunk.InitialMovieState,
                MaxMovieId = Math.Max(chunk.InitialMovieState, 0),
                ExpectCsvHeader = chunk.ExpectCsvHeader,
            };
            int o = (int)chunk.Offset, n = chunk.Capacity;
            if (netflix)
            {
                NetflixBlockParser.Parse(data, state, users.AsSpan(o, n), movies.AsSpan(o, n), ratings.AsSpan(o, n), days.AsSpan(o, n));
            }
            else
            {
                MovieLensParser.Parse(data, layout.Kind, state, users.AsSpan(o, n), movies.AsSpan(o, n), ratings.AsSpan(o, n), days.AsSpan(o, n));
            }
            chunk.Result = state;
            if (state.Error is not null)
            {
                int me = chunk.Index;
                int seen;
                while (me < (seen = Volatile.Read(ref firstFailedChunk)) && Interlocked.CompareExchange(ref firstFailedChunk, me, seen) != seen)
                {
                }
            }
            parsing.Add(chunk.Length);
        });
        ct.ThrowIfCancellationRequested();
        if (firstFailedChunk != int.MaxValue)
        {
            var error = chunks[firstFailedChunk].Result!.Error!;
            logger.LogError(EventIds.BadLine, "Bad line: {Error}", error);
            throw error.ToException();
        }
        logger.LogDebug("Parsed in {Seconds:F2} s", stopwatch.Elapsed.TotalSeconds);

        int count = Compact(chunks, users, movies, ratings, days);
        if (count < capacity)
        {
            // Blank or skipped lines were counted as possible ratings; trimming copies each column once.
            logger.LogDebug("Trimming {Holes:N0} unused slots", capacity - count);
            Array.Resize(ref users, count);
            Array.Resize(ref movies, count);
            Array.Resize(ref ratings, count);
            Array.Resize(ref days, count);
        }

        int maxUser = chunks.Max(c => c.Result!.MaxUserId);
        int maxMovie = chunks.Max(c => c.Result!.MaxMovieId);
        IdIndex userIndex = IdRemapper.RemapInPlace(users, maxUser, parallel);
        IdIndex movieIndex = IdRemapper.RemapInPlace(movies, maxMovie, parallel);
        logger.LogDebug("Indexed {Users:N0} users and {Movies:N0} movies in {Seconds:F2} s", userIndex.Count, movieIndex.Count, stopwatch.Elapsed.TotalSeconds);
        var set = new RatingSet(userIndex, movieIndex, users, movies, ratings, days, rules.Scale);
        logger.LogDebug("Built the rating set in {Seconds:F2} s", stopwatch.Elapsed.TotalSeconds);

        var skipped = new Dictionary<BadLineReason, long>();
        foreach (var reason in Enum.GetValues<BadLineReason>())
        {
            long n = chunks.Sum(c => c.Result!.SkippedByReason[(int)reason]);
            if (n > 0) skipped[reason] = n;
        }
        var examples = chunks.SelectMany(c => c.Result!.Examples).Take(options.MaxSkippedExamples).Select(e => e.ToString()).ToArray();
        var report = new LoadReport(
            layout.Format, rules.Scale, layout.Files, totalBytes, linesRead,
            chunks.Sum(c => c.Result!.HeaderLines), chunks.Sum(c => c.Result!.BlankLines), count, skipped, examples, stopwatch.Elapsed);
        if (report.LinesSkipped > 0)
        {
            logger.LogWarning(EventIds.LinesSkipped, "Skipped {Skipped:N0} bad line(s); first: {Example}", report.LinesSkipped, examples.FirstOrDefault());
        }
        logger.LogInformation(EventIds.LoadCompleted, "Loaded {Report}", report);
        return new RatingLoadResult(set, report, layout.ProbePath, layout.QualifyingPath, layout.MovieTitlesPath);
    }

    /// <summary>Moves each chunk's ratings down to close the holes left by blank and skipped lines; returns the count.</summary>
    private static int Compact(List<Chunk> chunks, int[] users, int[] movies, float[] ratings, ushort[] days)
    {
        int write = 0;
        foreach (var chunk in chunks)
        {
            int n = chunk.Result!.Count;
            int from = (int)chunk.Offset;
            if (from != write && n > 0)
            {
                Array.Copy(users, from, users, write, n);
                Array.Copy(movies, from, movies, write, n);
                Array.Copy(ratings, from, ratings, write, n);
                Array.Copy(days, from, days, write, n);
            }
            write += n;
        }
        return write;
    }

    /// <summary>Cuts each file into chunks that end just after a line feed (or at the end of the file).</summary>
    private static List<Chunk> Plan(IReadOnlyList<string> files, long[] lengths, int chunkBytes, CancellationToken ct)
    {
        var chunks = new List<Chunk>();
        var window = new byte[BoundarySearchBytes];
        for (int f = 0; f < files.Count; f++)
        {
            ct.ThrowIfCancellationRequested();
            long length = lengths[f];
            if (length <= chunkBytes)
            {
                chunks.Add(new Chunk { FileIndex = f, Start = 0, Length = (int)length, IsFileEnd = true });
                continue;
            }
            using var handle = File.OpenHandle(files[f]);
            long start = 0;
            while (start < length)
            {
                long boundary = length;
                for (long probe = start + chunkBytes - 1; probe < length;)
                {
                    int read = RandomAccess.Read(handle, window, probe);
                    if (read <= 0) break;
                    int newline = window.AsSpan(0, read).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        boundary = probe + newline + 1;
                        break;
                    }
                    probe += read;
                }
                long size = boundary - start;
                if (size > Array.MaxLength) throw new InvalidDataException($"{files[f]}: a line longer than {Array.MaxLength:N0} bytes cannot be a rating.");
                chunks.Add(new Chunk { FileIndex = f, Start = start, Length = (int)size, IsFileEnd = boundary == length });
                start = boundary;
            }
        }
        for (int i = 0; i < chunks.Count; i++) chunks[i].Index = i;
        return chunks;
    }

    /// <summary>Runs <paramref name="body"/> on every chunk's bytes (BOM removed) in parallel, one pooled buffer per worker.</summary>
    private static void RunChunks(List<Chunk> chunks, IReadOnlyList<string> files, ParallelOptions parallel, ChunkBody body)
    {
        try
        {
            Parallel.For(
                0,
                chunks.Count,
                parallel,
                () => Array.Empty<byte>(),
                (i, _, buffer) =>
                {
                    var chunk = chunks[i];
                    if (buffer.Length < chunk.Length)
                    {
                        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunk.Length, 1 << 16));
                    }
                    var data = buffer.AsSpan(0, chunk.Length);
                    if (chunk.Length > 0)
                    {
                        using var handle = File.OpenHandle(files[chunk.FileIndex], FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
                        ReadExactly(handle, data, chunk.Start, files[chunk.FileIndex]);
                    }
                    ReadOnlySpan<byte> text = data;
                    if (chunk.Start == 0 && text.StartsWith(AsciiFields.Utf8Bom)) text = text[3..];
                    body(chunk, text);
                    return buffer;
                },
                buffer =>
                {
                    if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
                });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long offset, string file)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read <= 0) throw new IOException($"{file}: the file shrank while it was being read.");
            destination = destination[read..];
            offset += read;
        }
    }

    private delegate void ChunkBody(Chunk chunk, ReadOnlySpan<byte> data);

    /// <summary>Reports bytes done at most about every 1% so that thousands of small files do not flood the callback.</summary>
    private sealed class ProgressCounter(IProgress<LoadProgress>? progress, LoadPhase phase, long total)
    {
        private long _done;
        private long _lastReported;

        public void Add(long bytes)
        {
            if (progress is null) return;
            long done = Interlocked.Add(ref _done, bytes);
            long last = Volatile.Read(ref _lastReported);
            if (done == total || ((done - last) * 100 >= total && Interlocked.CompareExchange(ref _lastReported, done, last) == last))
            {
                progress.Report(new LoadProgress(phase, done, total));
            }
        }
    }
}
