using System.Text;

namespace NetflixMf.Data;

/// <summary>Reads MovieLens movie titles: <c>u.item</c> (100K), <c>movies.dat</c> (1M, 10M) and <c>movies.csv</c> (20M, 25M, latest).</summary>
/// <remarks>
/// <para><c>u.item</c> is Latin-1 with <c>|</c>-separated fields (id, title, release date, video date, URL, 19 genre
/// flags); <c>movies.dat</c> is <c>MovieID::Title::Genres</c> in Latin-1; <c>movies.csv</c> is UTF-8 CSV with a header
/// <c>movieId,title,genres</c> whose titles are quoted when they hold commas (<c>"American President, The (1995)"</c>,
/// doubled quotes inside).</para>
/// <para>MovieLens titles end in the year, as in <c>Toy Story (1995)</c>: the year goes to <see cref="MovieTitle.Year"/>
/// and is removed from <see cref="MovieTitle.Title"/>, as in the Netflix <c>movie_titles.txt</c>; a title without a
/// trailing year keeps its text and has no year.</para>
/// </remarks>
public static class MovieLensTitlesReader
{
    /// <summary>Reads every title of a MovieLens movies file; the format follows the file name (<c>.csv</c>, <c>.dat</c>, otherwise <c>u.item</c>).</summary>
    /// <param name="path">The <c>u.item</c>, <c>movies.dat</c> or <c>movies.csv</c> file.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="RatingFormatException">A line is bad or repeats a movie id; the message names the file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    public static MovieTitles Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return ReadCsv(path, cancellationToken);
        bool dat = path.EndsWith(".dat", StringComparison.OrdinalIgnoreCase);
        var titles = new List<MovieTitle>();
        var seen = new HashSet<int>();
        long lineNumber = 0;
        foreach (string line in File.ReadLines(path, Encoding.Latin1))
        {
            lineNumber++;
            if ((lineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = dat ? line.Split("::") : line.Split('|');
            if (fields.Length < 2) throw Bad(path, lineNumber, dat ? "expected 'MovieID::Title::Genres'" : "expected 'id|title|release date|...'", line);
            Add(titles, seen, path, lineNumber, fields[0], fields[1], line);
        }
        return new MovieTitles(titles);
    }

    private static MovieTitles ReadCsv(string path, CancellationToken cancellationToken)
    {
        var titles = new List<MovieTitle>();
        var seen = new HashSet<int>();
        long lineNumber = 0;
        var fields = new List<string>();
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if ((lineNumber & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!SplitCsv(line, fields)) throw Bad(path, lineNumber, "a quoted field is not closed", line);
            if (lineNumber == 1 && fields[0].Trim().Equals("movieId", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Count < 2) throw Bad(path, lineNumber, "expected 'movieId,title,genres'", line);
            Add(titles, seen, path, lineNumber, fields[0], fields[1], line);
        }
        return new MovieTitles(titles);
    }

    private static void Add(List<MovieTitle> titles, HashSet<int> seen, string path, long lineNumber, string idField, string titleField, string line)
    {
        if (!int.TryParse(idField, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int movieId) || movieId <= 0)
        {
            throw Bad(path, lineNumber, $"movie id '{idField}' is not a positive integer", line);
        }
        if (!seen.Add(movieId)) throw Bad(path, lineNumber, $"movie id {movieId} appears twice", line);
        var (title, year) = SplitYear(titleField.Trim());
        titles.Add(new MovieTitle(movieId, year, title));
    }

    /// <summary>Splits "Title (1995)" into the title and the year; anything else is all title.</summary>
    private static (string Title, int? Year) SplitYear(string text)
    {
        if (text.Length >= 7 && text[^1] == ')' && text[^6] == '(' && int.TryParse(text.AsSpan(text.Length - 5, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int year))
        {
            return (text[..^6].TrimEnd(), year);
        }
        return (text, null);
    }

    /// <summary>Splits one RFC 4180 line (quoted fields, doubled quotes); false when a quote is left open.</summary>
    private static bool SplitCsv(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return !quoted;
    }

    private static RatingFormatException Bad(string path, long lineNumber, string problem, string line) => new(path, lineNumber, problem, line);
}
