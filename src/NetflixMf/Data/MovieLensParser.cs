
namespace NetflixMf.Data;

/// <summary>Parses MovieLens lines (<c>user SEP movie SEP rating SEP unixtime</c>) from bytes.</summary>
internal static class MovieLensParser
{
    private const int SecondsPerDay = 86_400;

    public static ReadOnlySpan<byte> Separator(DataKind kind) => kind switch
    {
        DataKind.MovieLensTab => "\t"u8,
        DataKind.MovieLensDoubleColon => "::"u8,
        _ => ","u8,
    };

    /// <summary>Parses a chunk that starts at a line start, writing ratings from index 0 of the output spans.</summary>
    public static void Parse(ReadOnlySpan<byte> data, DataKind kind, ChunkParseState state, Span<int> users, Span<int> movies, Span<float> ratings, Span<ushort> days)
    {
        var separator = Separator(kind);
        string layout = kind switch
        {
            DataKind.MovieLensTab => "user<TAB>movie<TAB>rating<TAB>unixtime",
            DataKind.MovieLensDoubleColon => "user::movie::rating::unixtime",
            _ => "userId,movieId,rating,timestamp",
        };
        Span<Range> fields = stackalloc Range[5];
        int count = state.Count, maxUser = state.MaxUserId, maxMovie = state.MaxMovieId;
        int position = 0;
        while (position < data.Length)
        {
            int lineStart = position;
            int newline = data[position..].IndexOf((byte)'\n');
            int lineEnd = newline < 0 ? data.Length : position + newline;
            position = newline < 0 ? data.Length : lineEnd + 1;
            var line = AsciiFields.TrimCarriageReturn(data[lineStart..lineEnd]);
            if (AsciiFields.IsBlank(line))
            {
                state.BlankLines++;
                continue;
            }
            if (state.ExpectCsvHeader)
            {
                state.ExpectCsvHeader = false;
                state.HeaderLines++;
                continue;
            }
            int found = SplitFields(line, separator, fields);
            string? problem = null;
            BadLineReason reason = default;
            int userId = 0, movieId = 0;
            float rating = 0;
            ushort day = 0;
            if (found != 4)
            {
                (reason, problem) = (BadLineReason.WrongFieldCount, $"expected 4 fields '{layout}' but found {found}");
            }
            else if (!AsciiFields.TryParsePositiveInt(line[fields[0]], out userId))
            {
                (reason, problem) = (BadLineReason.InvalidUserId, $"user id {AsciiFields.Quote(line[fields[0]])} is not a positive integer");
            }
            else if (!AsciiFields.TryParsePositiveInt(line[fields[1]], out movieId))
            {
                (reason, problem) = (BadLineReason.InvalidMovieId, $"movie id {AsciiFields.Quote(line[fields[1]])} is not a positive integer");
            }
            else if (!AsciiFields.TryParseDecimal(line[fields[2]], out rating))
            {
                (reason, problem) = (BadLineReason.InvalidRating, $"rating {AsciiFields.Quote(line[fields[2]])} is not a number");
            }
            else if (state.Rules.Check(rating) is { } scaleProblem)
            {
                (reason, problem) = (BadLineReason.RatingOutOfScale, scaleProblem);
            }
            else if (!AsciiFields.TryParseNonNegativeLong(line[fields[3]], out long seconds) || seconds / SecondsPerDay > ushort.MaxValue)
            {
                (reason, problem) = (BadLineReason.InvalidDate, $"timestamp {AsciiFields.Quote(line[fields[3]])} is not a Unix time in 1970..2149");
            }
            else
            {
                day = (ushort)(seconds / SecondsPerDay);
            }
            if (problem is not null)
            {
                state.Count = count;
                if (!state.Bad(data, lineStart, line, reason, problem)) return;
                continue;
            }
            users[count] = userId;
            movies[count] = movieId;
            ratings[count] = rating;
            days[count] = day;
            count++;
            if (userId > maxUser) maxUser = userId;
            if (movieId > maxMovie) maxMovie = movieId;
        }
        state.Count = count;
        state.MaxUserId = maxUser;
        state.MaxMovieId = maxMovie;
    }

    /// <summary>Splits at every separator; fills <paramref name="fields"/> as far as it goes and returns the full field count.</summary>
    private static int SplitFields(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator, Span<Range> fields)
    {
        int n = 0, start = 0;
        while (true)
        {
            int i = line[start..].IndexOf(separator);
            int end = i < 0 ? line.Length : start + i;
            if (n < fields.Length) fields[n] = new Range(start, end);
            n++;
            if (i < 0) return n;
            start = end + separator.Length;
        }
    }
}
