using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

/// <summary>
/// Random mutations of valid Netflix files must either load to exactly the ratings an independent, slow, string-based
/// reading of the format rules finds, or fail at exactly the line that reading says is the first bad one.
/// </summary>
public sealed partial class RatingDataLoaderFuzzTests : IDisposable
{
    private const int Cases = 2000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Gen<(int User, int Rating, DateOnly Date)> GenRating =
        Gen.Select(Gen.Int[1, 3000], Gen.Int[1, 5], Gen.Int[0, 3000], (u, r, d) => (u, r, new DateOnly(1998, 1, 1).AddDays(d)));

    private static readonly Gen<byte[]> GenValidFile =
        Gen.Select(
            Gen.Select(Gen.Int[1, 20000], GenRating.Array[0, 6], (m, r) => (m, r)).Array[0, 5],
            Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, 3],
            (blocks, crlf, bom, finalNewline, blanks) =>
            {
                var text = new StringBuilder();
                foreach (var (movie, ratings) in blocks)
                {
                    text.Append(movie).Append(":\n");
                    foreach (var (user, rating, date) in ratings) text.Append(CultureInfo.InvariantCulture, $"{user},{rating},{date:yyyy-MM-dd}\n");
                    if (blanks > 0 && movie % 4 == 0) text.Append(blanks == 1 ? "\n" : " \t\n");
                }
                string s = text.ToString();
                if (!finalNewline) s = s.TrimEnd('\n');
                if (crlf) s = s.Replace("\n", "\r\n");
                var bytes = Encoding.Latin1.GetBytes(s);
                return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
            });

    private static readonly byte[] Alphabet = "0123456789,:-.\r\n \tx"u8.ToArray();

    // Field-sized mutations that hit the edges of each rule (scale ends, leap days, 10-digit ids, headers).
    private static readonly string[] Tokens =
        ["0", "6", "5", "1", "3.5", "3.0", "", "-1", "2005-02-29", "2004-02-29", "2005-13-01", "1969-12-31", "2149-06-06", "2149-06-07",
         "99999999999", "2147483647", "2147483648", "0000000001", "x", "1:", "7:", ":", "00:"];

    private static readonly Gen<(int Kind, double Where, int Value)> GenMutation =
        Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Int[0, 1000], (k, w, v) => (k, w, v));

    private static readonly Gen<(byte[] File, int Chunk, int Threads)> GenCase =
        Gen.Select(GenValidFile, GenMutation.Array[0, 4], Gen.Int[1, 40], Gen.Int[1, 3], (file, mutations, chunk, threads) =>
        {
            var bytes = file.ToList();
            foreach (var (kind, where, value) in mutations)
            {
                int at = (int)(where * bytes.Count);
                byte b = Alphabet[value % Alphabet.Length];
                if (kind == 0) bytes.Insert(at, b);
                else if (at < bytes.Count && kind == 1) bytes.RemoveAt(at);
                else if (at < bytes.Count && kind == 2) bytes[at] = b;
                else if (at < bytes.Count) bytes = ReplaceField(bytes, at, value % 3, Tokens[value % Tokens.Length]);
            }
            return (bytes.ToArray(), chunk, threads);
        });

    private static List<byte> ReplaceField(List<byte> bytes, int at, int field, string token)
    {
        int start = bytes.LastIndexOf((byte)'\n', Math.Max(at - 1, 0)) + 1;
        if (at == 0) start = 0;
        int end = bytes.IndexOf((byte)'\n', at);
        if (end < 0) end = bytes.Count;
        string line = Encoding.Latin1.GetString([.. bytes.GetRange(start, end - start)]);
        bool cr = line.EndsWith('\r');
        string[] fields = (cr ? line[..^1] : line).Split(',');
        fields[field % fields.Length] = token;
        string replaced = string.Join(',', fields) + (cr ? "\r" : "");
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.Latin1.GetBytes(replaced));
        return bytes;
    }

    [Fact]
    public void Load_MutatedNetflixFiles_MatchAnIndependentReadingOfTheRules()
    {
        // A fixed PCG stream and seed make the cases the same on every run and every machine.
        var pcg = new PCG(17, 20251129);
        string path = Path.Combine(_folder.Path, "fuzz.txt");
        int clean = 0, failed = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (bytes, chunk, threads) = GenCase.Generate(pcg, null, out _);
            File.WriteAllBytes(path, bytes);
            var expected = Oracle.Read(bytes);
            string context = $"case {i}: chunk {chunk}, threads {threads}, file {Convert.ToBase64String(bytes)}";
            var options = new RatingReaderOptions { Format = RatingFileFormat.Netflix, MaxDegreeOfParallelism = threads, AllowEmpty = true };

            if (expected.FirstBadLine is long badLine)
            {
                failed++;
                var act = () => RatingDataLoader.Load(path, options, null, null, chunk, default);
                act.Should().Throw<RatingFormatException>(context).Which.LineNumber.Should().Be(badLine, context);
            }
            else
            {
                clean++;
                var result = RatingDataLoader.Load(path, options, null, null, chunk, default);
                Rows(result.Ratings).Should().Equal(expected.Ratings, context);
            }

            var skipped = RatingDataLoader.Load(path, options with { OnBadLine = BadLinePolicy.Skip }, null, null, chunk, default);
            Rows(skipped.Ratings).Should().Equal(expected.Ratings, context);
            skipped.Report.LinesSkipped.Should().Be(expected.BadLines, context);
            skipped.Report.LinesRead.Should().Be(expected.Lines, context);
            skipped.Report.BlankLines.Should().Be(expected.BlankLines, context);
        }
        // Both outcomes must be exercised, or the test proves little.
        clean.Should().BeGreaterThan(Cases / 5);
        failed.Should().BeGreaterThan(Cases / 5);
    }

    private static (int, int, float, DateOnly?)[] Rows(RatingSet set) =>
        Enumerable.Range(0, set.Count).Select(i => set[i]).Select(r => (r.UserId, r.MovieId, r.Value, r.Date)).ToArray();

    /// <summary>The format rules written plainly with strings and regular expressions.</summary>
    private static partial class Oracle
    {
        public static (List<(int, int, float, DateOnly?)> Ratings, long? FirstBadLine, long BadLines, long Lines, long BlankLines) Read(byte[] bytes)
        {
            string text = Encoding.Latin1.GetString(bytes);
            if (text.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal)) text = text[3..];
            var lines = text.Split('\n').ToList();
            if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            var ratings = new List<(int, int, float, DateOnly?)>();
            long? firstBad = null;
            long bad = 0, blank = 0;
            int movie = 0;
            for (int n = 0; n < lines.Count; n++)
            {
                string line = lines[n].EndsWith('\r') ? lines[n][..^1] : lines[n];
                bool ok = true;
                if (line.All(c => c is ' ' or '\t'))
                {
                    blank++;
                    continue;
                }
                // A header attempt holds a colon and no comma; a line with a comma is a rating line even with a colon.
                if (line.Contains(':') && !line.Contains(','))
                {
                    movie = Header().IsMatch(line) && PositiveInt(line[..^1]) is int id ? id : -1;
                    ok = movie > 0;
                }
                else if (movie <= 0)
                {
                    ok = false;
                }
                else
                {
                    string[] f = line.Split(',');
                    if (f.Length == 3 && PositiveInt(f[0]) is int user && Rating(f[1]) is float rating && Date(f[2]) is DateOnly date)
                    {
                        ratings.Add((user, movie, rating, date));
                    }
                    else
                    {
                        ok = false;
                    }
                }
                if (!ok)
                {
                    bad++;
                    firstBad ??= n + 1;
                }
            }
            return (ratings, firstBad, bad, lines.Count, blank);
        }

        private static int? PositiveInt(string s) =>
            s.Length is > 0 and <= 10 && s.All(char.IsAsciiDigit) && long.Parse(s, CultureInfo.InvariantCulture) is > 0 and <= int.MaxValue and var v ? (int)v : null;

        private static float? Rating(string s) =>
            Number().IsMatch(s) && double.Parse(s, CultureInfo.InvariantCulture) is var v && v >= 1 && v <= 5 && v == Math.Floor(v) ? (float)v : null;

        private static DateOnly? Date(string s) =>
            DateRegex().IsMatch(s) && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                && d.Year is >= 1970 and <= 2149 && d.DayNumber - new DateOnly(1970, 1, 1).DayNumber <= ushort.MaxValue ? d : null;

        [GeneratedRegex("^[0-9]+:$")]
        private static partial Regex Header();

        [GeneratedRegex(@"^-?[0-9]{1,6}(\.[0-9]{1,6})?$")]
        private static partial Regex Number();

        [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
        private static partial Regex DateRegex();
    }
}
