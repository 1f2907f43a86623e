using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>Reads the Netflix pair files (<c>probe.txt</c>, <c>qualifying.txt</c>): <c>MovieID:</c> headers, then one line per customer.</summary>
internal static class NetflixPairFile
{
    private const int SniffBytes = 64 * 1024;

    /// <summary>
    /// Whether <paramref name="path"/> is a Netflix pair file (its first non-blank line is a <c>MovieID:</c> header) and,
    /// if so, whether its customer lines carry a date (qualifying) or not (probe). Reads only the start of the file.
    /// </summary>
    public static bool Detect(string path, out bool withDate)
    {
        withDate = false;
        FileKind.RequireRegular(path, "ratings or pair file", allowMissing: false);
        Span<byte> start = new byte[SniffBytes];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        var lines = new LineCursor(start[..read]);
        bool header = false;
        while (lines.MoveNext())
        {
            var line = lines.Line;
            if (AsciiFields.IsBlank(line)) continue;
            if (!header)
            {
                var trimmed = line.TrimEnd((byte)' ').TrimEnd((byte)'\r');
                if (trimmed.IsEmpty || trimmed[^1] != (byte)':') return false;
                header = true;
                continue;
            }
            if (line.Contains((byte)':')) continue;
            withDate = line.Contains((byte)',');
            return true;
        }
        return header;
    }

    /// <summary>Calls <paramref name="onPair"/> with (customer id, movie id, day number or -1) for every line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="withDate">Lines are <c>CustomerID,YYYY-MM-DD</c> (qualifying) rather than <c>CustomerID</c> (probe).</param>
    /// <param name="onPair">Receives each pair.</param>
    /// <param name="cancellationToken">Checked every 64K lines.</param>
    public static void Read(string path, bool withDate, Action<int, int, ushort> onPair, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Checked before opening: a FIFO would block and /dev/zero never ends.
        FileKind.RequireRegular(path, "Netflix probe or qualifying file", allowMissing: false);
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new LineCursor(bytes);
        int movie = 0;
        string layout = withDate ? "CustomerID,YYYY-MM-DD" : "CustomerID";
        while (lines.MoveNext())
        {
            if ((lines.LineNumber & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var line = lines.Line;
            if (AsciiFields.IsBlank(line)) continue;
            if (line.Contains((byte)':'))
            {
                movie = NetflixBlockParser.HeaderState(line);
                if (movie < 0) throw Bad(path, lines, "invalid movie header: expected 'MovieID:' with a positive integer id");
                continue;
            }
            if (movie == 0) throw Bad(path, lines, "customer line before the first 'MovieID:' header");
            int comma = line.IndexOf((byte)',');
            if (withDate != comma >= 0 || (comma >= 0 && line[(comma + 1)..].Contains((byte)',')))
            {
                throw Bad(path, lines, $"expected '{layout}' but found {line.Count((byte)',') + 1} field(s)");
            }
            var userField = comma < 0 ? line : line[..comma];
            if (!AsciiFields.TryParsePositiveInt(userField, out int userId))
            {
                throw Bad(path, lines, $"customer id {AsciiFields.Quote(userField)} is not a positive integer");
            }
            ushort day = 0;
            if (withDate && !AsciiFields.TryParseDate(line[(comma + 1)..], out day))
            {
                throw Bad(path, lines, $"date {AsciiFields.Quote(line[(comma + 1)..])} is not a real YYYY-MM-DD date in 1970..2149");
            }
            onPair(userId, movie, day);
        }
    }

    private static RatingFormatException Bad(string path, LineCursor lines, string problem) =>
        new(path, lines.LineNumber, problem, AsciiFields.ToText(lines.Line));
}
