using System.Runtime.CompilerServices;

namespace NetflixMf.Data;

/// <summary>Parses Netflix Prize block format (<c>MovieID:</c> then <c>CustomerID,Rating,YYYY-MM-DD</c>) from bytes.</summary>
/// <remarks>
/// A line containing a colon and no comma is a header attempt; it is valid only as <c>digits:</c> with a positive id.
/// A line with a comma is a rating line even when it holds a colon (a bad date such as <c>2005:01:02</c>): it is a bad
/// rating, and the movie block around it goes on. The fast path
/// handles the common valid rating line with no allocation and no search for the line end; anything else goes to
/// <see cref="ParseLine"/>, which is the authority on what is valid and says what is wrong.
/// </remarks>
internal static class NetflixBlockParser
{
    /// <summary>The header state of a line holding a colon: the movie id, or -1 when the header is invalid.</summary>
    public static int HeaderState(ReadOnlySpan<byte> line) =>
        line.Length > 1 && line[^1] == (byte)':' && AsciiFields.TryParsePositiveInt(line[..^1], out int id) ? id : -1;

    /// <summary>Counts the lines holding a colon and finds the header state after the last header attempt among them.</summary>
    /// <returns>The number of lines with a colon; no rating can come from them, which bounds the ratings of the chunk.</returns>
    public static int CountHeaderLines(ReadOnlySpan<byte> data, out int? lastHeaderState)
    {
        int count = 0, lastStart = -1, lastEnd = -1, position = 0;
        while (position < data.Length)
        {
            int found = data[position..].IndexOf((byte)':');
            if (found < 0) break;
            int colon = position + found;
            int lineStart = data[..colon].LastIndexOf((byte)'\n') + 1;
            int newline = data[colon..].IndexOf((byte)'\n');
            int lineEnd = newline < 0 ? data.Length : colon + newline;
            count++;
            if (IsHeaderAttempt(data[lineStart..lineEnd]))
            {
                lastStart = lineStart;
                lastEnd = lineEnd;
            }
            position = lineEnd + 1;
        }
        lastHeaderState = lastStart < 0 ? null : HeaderState(AsciiFields.TrimCarriageReturn(data[lastStart..lastEnd]));
        return count;
    }

    /// <summary>Whether a line is a movie header attempt: it holds a colon and no comma (a rating line has two commas).</summary>
    public static bool IsHeaderAttempt(ReadOnlySpan<byte> line) => line.Contains((byte)':') && !line.Contains((byte)',');

    /// <summary>Parses a chunk that starts at a line start, writing ratings from index 0 of the output spans.</summary>
    public static unsafe void Parse(ReadOnlySpan<byte> data, ChunkParseState state, Span<int> users, Span<int> movies, Span<float> ratings, Span<ushort> days)
    {
        int minStar = state.Rules.MinWholeStar, maxStar = state.Rules.MaxWholeStar;
        int movie = state.MovieState;
        int count = 0;
        int maxUser = state.MaxUserId;
        fixed (byte* start = data)
        {
            byte* p = start, end = start + data.Length;
            while (p < end)
            {
                if (movie > 0)
                {
                    // Fast path: up to 9 digits, ',', one digit, ',', YYYY-MM-DD, then LF, CRLF or the end.
                    byte* q = p;
                    uint id = 0, digit;
                    while (q < end && (digit = (uint)(*q - '0')) <= 9 && q - p < 9)
                    {
                        id = id * 10 + digit;
                        q++;
                    }
                    if (q != p && id != 0 && end - q >= 13 && q[0] == (byte)',' && q[2] == (byte)',')
                    {
                        int star = q[1] - '0';
                        if (star >= minStar && star <= maxStar && AsciiFields.TryParseDate(new ReadOnlySpan<byte>(q + 3, 10), out ushort day))
                        {
                            byte* t = q + 13;
                            bool lineEnds = true;
                            if (t < end)
                            {
                                if (*t == (byte)'\n') t++;
                                else if (*t == (byte)'\r' && t + 1 == end) t++;
                                else if (*t == (byte)'\r' && t[1] == (byte)'\n') t += 2;
                                else lineEnds = false;
                            }
                            if (lineEnds)
                            {
                                users[count] = (int)id;
                                movies[count] = movie;
                                ratings[count] = star;
                                days[count] = day;
                                count++;
                                if ((int)id > maxUser) maxUser = (int)id;
                                p = t;
                                continue;
                            }
                        }
                    }
                }
                state.Count = count;
                state.MovieState = movie;
                state.MaxUserId = maxUser;
                int next = ParseLine(data, (int)(p - start), state, users, movies, ratings, days);
                if (next < 0) return;
                count = state.Count;
                movie = state.MovieState;
                maxUser = state.MaxUserId;
                p = start + next;
            }
        }
        state.Count = count;
        state.MovieState = movie;
        state.MaxUserId = maxUser;
    }

    /// <summary>Parses one line at <paramref name="position"/>; returns the start of the next line, or -1 to stop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ParseLine(ReadOnlySpan<byte> data, int position, ChunkParseState state, Span<int> users, Span<int> movies, Span<float> ratings, Span<ushort> days)
    {
        int newline = data[position..].IndexOf((byte)'\n');
        int lineEnd = newline < 0 ? data.Length : position + newline;
        int next = newline < 0 ? data.Length : lineEnd + 1;
        var line = AsciiFields.TrimCarriageReturn(data[position..lineEnd]);
        if (AsciiFields.IsBlank(line))
        {
            state.BlankLines++;
            return next;
        }
        if (IsHeaderAttempt(line))
        {
            int header = HeaderState(line);
            state.MovieState = header;
            if (header > 0)
            {
                state.HeaderLines++;
                if (header > state.MaxMovieId) state.MaxMovieId = header;
                return next;
            }
            return state.Bad(data, position, line, BadLineReason.InvalidMovieHeader, "invalid movie header: expected 'MovieID:' with a positive integer id") ? next : -1;
        }
        if (state.MovieState == 0)
        {
            return state.Bad(data, position, line, BadLineReason.RatingBeforeHeader, "rating line before the first 'MovieID:' header") ? next : -1;
        }
        if (state.MovieState < 0)
        {
            return state.Bad(data, position, line, BadLineReason.RatingUnderInvalidHeader, "rating line under an invalid 'MovieID:' header") ? next : -1;
        }
        int comma1 = line.IndexOf((byte)',');
        int comma2 = comma1 < 0 ? -1 : line[(comma1 + 1)..].IndexOf((byte)',');
        if (comma2 >= 0) comma2 += comma1 + 1;
        if (comma2 < 0 || line[(comma2 + 1)..].Contains((byte)','))
        {
            int fields = line.Count((byte)',') + 1;
            return state.Bad(data, position, line, BadLineReason.WrongFieldCount, $"expected 3 fields 'CustomerID,Rating,YYYY-MM-DD' but found {fields}") ? next : -1;
        }
        var userField = line[..comma1];
        var ratingField = line[(comma1 + 1)..comma2];
        var dateField = line[(comma2 + 1)..];
        if (!AsciiFields.TryParsePositiveInt(userField, out int userId))
        {
            return state.Bad(data, position, line, BadLineReason.InvalidUserId, $"customer id {AsciiFields.Quote(userField)} is not a positive integer") ? next : -1;
        }
        if (!AsciiFields.TryParseDecimal(ratingField, out float rating))
        {
            return state.Bad(data, position, line, BadLineReason.InvalidRating, $"rating {AsciiFields.Quote(ratingField)} is not a number") ? next : -1;
        }
        if (state.Rules.Check(rating) is { } problem)
        {
            return state.Bad(data, position, line, BadLineReason.RatingOutOfScale, problem) ? next : -1;
        }
        if (!AsciiFields.TryParseDate(dateField, out ushort day))
        {
            return state.Bad(data, position, line, BadLineReason.InvalidDate, $"date {AsciiFields.Quote(dateField)} is not a real YYYY-MM-DD date in 1970..2149") ? next : -1;
        }
        int i = state.Count;
        users[i] = userId;
        movies[i] = state.MovieState;
        ratings[i] = rating;
        days[i] = day;
        state.Count = i + 1;
        if (userId > state.MaxUserId) state.MaxUserId = userId;
        return next;
    }
}
