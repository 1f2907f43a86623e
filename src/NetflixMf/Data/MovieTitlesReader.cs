using System.Text;
using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>Reads the Netflix Prize <c>movie_titles.txt</c>: <c>MovieID,Year,Title</c> lines in Latin-1.</summary>
/// <remarks>The year may be <c>NULL</c>; everything after the second comma is the title, commas and quotes included.</remarks>
public static class MovieTitlesReader
{
    /// <summary>Reads every title.</summary>
    /// <exception cref="RatingFormatException">A line is bad or repeats a movie id; the message names the file and line.</exception>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    public static MovieTitles Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Checked before opening: a FIFO would block and /dev/zero never ends.
        FileKind.RequireRegular(path, "movie titles file", allowMissing: false);
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new LineCursor(bytes);
        var titles = new List<MovieTitle>();
        var seen = new HashSet<int>();
        while (lines.MoveNext())
        {
            if ((lines.LineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var line = lines.Line;
            if (AsciiFields.IsBlank(line)) continue;
            int comma1 = line.IndexOf((byte)',');
            int comma2 = comma1 < 0 ? -1 : line[(comma1 + 1)..].IndexOf((byte)',');
            if (comma2 < 0) throw Bad(path, lines, "expected 'MovieID,Year,Title'");
            comma2 += comma1 + 1;
            var idField = line[..comma1];
            var yearField = line[(comma1 + 1)..comma2];
            if (!AsciiFields.TryParsePositiveInt(idField, out int movieId))
            {
                throw Bad(path, lines, $"movie id {AsciiFields.Quote(idField)} is not a positive integer");
            }
            int? year = null;
            if (!yearField.SequenceEqual("NULL"u8))
            {
                if (yearField.Length != 4 || !AsciiFields.TryParsePositiveInt(yearField, out int y)) throw Bad(path, lines, $"year {AsciiFields.Quote(yearField)} is neither a 4-digit year nor NULL");
                year = y;
            }
            if (!seen.Add(movieId)) throw Bad(path, lines, $"movie id {movieId} appears twice");
            titles.Add(new MovieTitle(movieId, year, Encoding.Latin1.GetString(line[(comma2 + 1)..])));
        }
        return new MovieTitles(titles);
    }

    private static RatingFormatException Bad(string path, LineCursor lines, string problem) =>
        new(path, lines.LineNumber, problem, AsciiFields.ToText(lines.Line, Encoding.Latin1));
}
