using NetflixMf.Indexing;

namespace NetflixMf.Data;

/// <summary>
/// Reads implicit feedback, (user, movie) pairs without a rating, into a <see cref="RatingSet"/> whose every rating is 1
/// on the scale 1..1: the input of the ranking objective when there are no ratings (clicks, views, who rated what).
/// </summary>
/// <remarks>
/// <para>Two layouts are recognized from the first non-blank line:</para>
/// <list type="bullet">
/// <item>A Netflix pair file (<c>probe.txt</c>, <c>qualifying.txt</c>): <c>MovieID:</c> headers, then one
/// <c>CustomerID</c> or <c>CustomerID,YYYY-MM-DD</c> line per pair (the date, when present, is kept).</item>
/// <item>A delimited file (CSV, TSV, or ';' / space separated): the first field is the user id and the second the
/// movie id; further fields (a rating, a timestamp) are ignored, so a MovieLens <c>ratings.csv</c> reads as "who
/// rated what". A first line whose first field is not a number is a header and is skipped.</item>
/// </list>
/// <para>Ids are non-negative integers. Duplicate pairs are kept as they appear. A malformed line throws a
/// <see cref="RatingFormatException"/> naming the file and line. The file is read whole into memory (up to 2 GB).</para>
/// </remarks>
public static class ImplicitFeedbackReader
{
    /// <summary>The scale of implicit ratings: every pair has rating 1.</summary>
    public static RatingScale Scale { get; } = new(1f, 1f);

    /// <summary>Reads the pairs of <paramref name="path"/>.</summary>
    /// <param name="path">A delimited pair file or a Netflix pair file (see remarks).</param>
    /// <param name="cancellationToken">Checked every 64K lines.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="RatingFormatException">A line is malformed; the message names the file and line.</exception>
    public static RatingSet Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        var users = new Column();
        var movies = new Column();
        List<ushort>? days = null;
        if (NetflixPairFile.Detect(path, out bool withDate))
        {
            if (withDate) days = [];
            NetflixPairFile.Read(path, withDate, (user, movie, day) =>
            {
                users.Add(user);
                movies.Add(movie);
                days?.Add(day);
            }, cancellationToken);
        }
        else
        {
            ReadDelimited(File.ReadAllBytes(path), path, users, movies, cancellationToken);
        }
        return Build(users, movies, days);
    }

    private static void ReadDelimited(ReadOnlySpan<byte> bytes, string path, Column users, Column movies, CancellationToken cancellationToken)
    {
        var lines = new LineCursor(bytes);
        byte separator = 0;
        bool first = true;
        while (lines.MoveNext())
        {
            if ((lines.LineNumber & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var line = lines.Line;
            if (AsciiFields.IsBlank(line)) continue;
            if (separator == 0) separator = DetectSeparator(line);
            int cut = separator == 0 ? -1 : line.IndexOf(separator);
            if (cut < 0) throw Bad(path, lines, "expected 'user,movie' (two fields separated by ',', tab, ';' or space) but found one field");
            var userField = line[..cut].Trim((byte)' ');
            var rest = line[(cut + 1)..];
            int end = rest.IndexOf(separator);
            var movieField = (end < 0 ? rest : rest[..end]).Trim((byte)' ');
            bool userOk = AsciiFields.TryParseNonNegativeLong(userField, out long user) && user <= int.MaxValue;
            if (first)
            {
                first = false;
                // A header names its columns; a first line that starts with a number is data.
                if (!userOk && !userField.IsEmpty && !IsDigit(userField[0])) continue;
            }
            if (!userOk) throw Bad(path, lines, $"user id {AsciiFields.Quote(userField)} is not a non-negative integer");
            if (!AsciiFields.TryParseNonNegativeLong(movieField, out long movie) || movie > int.MaxValue)
            {
                throw Bad(path, lines, $"movie id {AsciiFields.Quote(movieField)} is not a non-negative integer");
            }
            users.Add((int)user);
            movies.Add((int)movie);
        }
    }

    private static byte DetectSeparator(ReadOnlySpan<byte> line)
    {
        foreach (byte candidate in "\t,; "u8)
        {
            if (line.Trim((byte)' ').Contains(candidate)) return candidate;
        }
        return 0;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static RatingSet Build(Column userColumn, Column movieColumn, List<ushort>? days)
    {
        int n = userColumn.Count;
        IdIndex users = Index(userColumn.Span);
        IdIndex movies = Index(movieColumn.Span);
        var userIndices = new int[n];
        var movieIndices = new int[n];
        var ratings = new float[n];
        var userIds = userColumn.Span;
        var movieIds = movieColumn.Span;
        for (int i = 0; i < n; i++)
        {
            users.TryGetIndex(userIds[i], out userIndices[i]);
            movies.TryGetIndex(movieIds[i], out movieIndices[i]);
        }
        Array.Fill(ratings, 1f);
        return new RatingSet(users, movies, userIndices, movieIndices, ratings, days?.ToArray(), Scale);
    }

    private static IdIndex Index(ReadOnlySpan<int> ids)
    {
        int[] sorted = ids.ToArray();
        Array.Sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[distinct - 1]) sorted[distinct++] = sorted[i];
        }
        return IdIndex.FromSortedDistinct(sorted[..distinct]);
    }

    private static RatingFormatException Bad(string path, LineCursor lines, string problem) =>
        new(path, lines.LineNumber, problem, AsciiFields.ToText(lines.Line));

    /// <summary>A growable int column without per-item allocation.</summary>
    private sealed class Column
    {
        private int[] _values = new int[1024];

        public int Count { get; private set; }

        public ReadOnlySpan<int> Span => _values.AsSpan(0, Count);

        public void Add(int value)
        {
            if (Count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
            _values[Count++] = value;
        }
    }
}
