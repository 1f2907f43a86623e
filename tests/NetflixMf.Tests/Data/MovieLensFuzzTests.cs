using System.Globalization;
using System.Text;
using CsCheck;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

/// <summary>
/// Fixed-seed fuzzing of the MovieLens tab reader (<c>u.data</c>): files built from valid lines and known-bad lines
/// must load to exactly the valid lines' ratings (Skip) or fail at exactly the first bad line (Error); random byte
/// mutations must only ever give in-scale ratings, consistent counts, or a <see cref="RatingFormatException"/>.
/// </summary>
public sealed class MovieLensFuzzTests : IDisposable
{
    private const int Cases = 1500;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Each is wrong in exactly one documented way for u.data (whole stars 1..5, four tab-separated fields).
    private static readonly string[] BadLines =
    [
        "1\t2\t6\t881250949", "1\t2\t0\t881250949", "1\t2\t3.5\t881250949", "1\t2\t3", "1\t2\t3\t4\t5", "x\t2\t3\t4",
        "0\t2\t3\t4", "1\t-2\t3\t4", "1\t2\tabc\t4", "1\t2\t3\t-1", "1\t2\t3\t99999999999999", "1 2 3 4", "1\t\t3\t4",
    ];

    private static readonly Gen<(int User, int Movie, int Rating, long Seconds)> GenRating =
        Gen.Select(Gen.Int[1, 2000], Gen.Int[1, 1700], Gen.Int[1, 5], Gen.Long[0, 1_300_000_000], (u, m, r, s) => (u, m, r, s));

    // A line is a valid rating (Bad = -1) or one of BadLines (Bad = its index); Blank lines are spaces/tabs or empty.
    private static readonly Gen<(int Bad, bool Blank, (int User, int Movie, int Rating, long Seconds) Rating)> GenLine =
        Gen.Select(Gen.Int[-40, BadLines.Length - 1], Gen.Int[0, 14], GenRating, (bad, blank, rating) => (Math.Max(bad, -1), blank == 0, rating));

    private static readonly Gen<(List<(int Bad, bool Blank, (int User, int Movie, int Rating, long Seconds) Rating)> Lines, bool Crlf, bool FinalNewline, int Threads, int Chunk)> GenCase =
        Gen.Select(GenRating, GenLine.List[0, 16], Gen.Bool, Gen.Bool, Gen.Int[1, 3], Gen.Int[1, 64], (first, lines, crlf, final, threads, chunk) =>
        {
            // The first line stays a valid rating so the layout sniffing sees a MovieLens line.
            lines.Insert(0, (-1, false, first));
            return (lines, crlf, final, threads, chunk);
        });

    [Fact]
    public void Load_ValidAndKnownBadLines_ExactlyTheValidRatingsOrTheFirstBadLine()
    {
        var pcg = new PCG(5, 20261129);
        string path = Path.Combine(_folder.Path, "u.data");
        int clean = 0, failing = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (lines, crlf, finalNewline, threads, chunk) = GenCase.Generate(pcg, null, out _);
            var text = new StringBuilder();
            var expected = new List<(int, int, float)>();
            long? firstBad = null;
            int bad = 0;
            for (int n = 0; n < lines.Count; n++)
            {
                var (badIndex, blank, r) = lines[n];
                if (blank) text.Append(n % 2 == 0 ? "" : " \t");
                else if (badIndex >= 0)
                {
                    text.Append(BadLines[badIndex]);
                    firstBad ??= n + 1;
                    bad++;
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"{r.User}\t{r.Movie}\t{r.Rating}\t{r.Seconds}");
                    expected.Add((r.User, r.Movie, r.Rating));
                }
                if (n < lines.Count - 1 || finalNewline) text.Append(crlf ? "\r\n" : "\n");
            }
            File.WriteAllText(path, text.ToString(), Encoding.ASCII);
            string context = $"case {i}: {text.ToString().Replace("\t", "\\t").Replace("\n", "\\n")}";
            var options = new RatingReaderOptions { Format = RatingFileFormat.MovieLens, MaxDegreeOfParallelism = threads, AllowEmpty = true };

            var skipped = RatingDataLoader.Load(path, options with { OnBadLine = BadLinePolicy.Skip }, null, null, chunk, default);
            Triples(skipped.Ratings).Should().Equal(expected, context);
            skipped.Report.LinesSkipped.Should().Be(bad, context);
            if (firstBad is long line)
            {
                failing++;
                var act = () => RatingDataLoader.Load(path, options, null, null, chunk, default);
                act.Should().Throw<RatingFormatException>(context).Which.LineNumber.Should().Be(line, context);
            }
            else
            {
                clean++;
                Triples(RatingDataLoader.Load(path, options, null, null, chunk, default).Ratings).Should().Equal(expected, context);
            }
        }
        clean.Should().BeGreaterThan(Cases / 10);
        failing.Should().BeGreaterThan(Cases / 10);
    }

    private static readonly byte[] Alphabet = "0123456789\t\r\n .-x:,"u8.ToArray();

    [Fact]
    public void Load_RandomByteMutations_NeverAnotherExceptionOrAnOutOfScaleRating()
    {
        var gen = Gen.Select(GenRating.Array[1, 20], Gen.Select(Gen.Double[0, 1], Gen.Int[0, 2], Gen.Int[0, 100], (w, k, v) => (w, k, v)).Array[1, 6]);
        var pcg = new PCG(11, 20261129);
        string path = Path.Combine(_folder.Path, "u.data");
        for (int i = 0; i < Cases; i++)
        {
            var (ratings, mutations) = gen.Generate(pcg, null, out _);
            var bytes = Encoding.ASCII.GetBytes(string.Concat(ratings.Select(r => $"{r.User}\t{r.Movie}\t{r.Rating}\t{r.Seconds}\n"))).ToList();
            foreach (var (where, kind, value) in mutations)
            {
                int at = (int)(where * bytes.Count);
                byte b = Alphabet[value % Alphabet.Length];
                if (kind == 0) bytes.Insert(at, b);
                else if (at < bytes.Count && kind == 1) bytes.RemoveAt(at);
                else if (at < bytes.Count) bytes[at] = b;
            }
            File.WriteAllBytes(path, [.. bytes]);
            string context = $"case {i}: {Convert.ToBase64String([.. bytes])}";
            var options = new RatingReaderOptions { Format = RatingFileFormat.MovieLens, AllowEmpty = true };

            RatingLoadResult? strict = null;
            try
            {
                strict = RatingDataLoader.Load(path, options);
            }
            catch (RatingFormatException e)
            {
                e.Message.Should().StartWith(path + ":" + e.LineNumber.ToString(CultureInfo.InvariantCulture) + ": ", context);
            }
            catch (FileNotFoundException)
            {
                // A mutation can leave a file with no rating line at all; the loader says so by name.
            }

            RatingLoadResult lenient;
            try
            {
                lenient = RatingDataLoader.Load(path, options with { OnBadLine = BadLinePolicy.Skip });
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            var report = lenient.Report;
            (report.RatingsRead + report.LinesSkipped + report.BlankLines + report.HeaderLines).Should().Be(report.LinesRead, context);
            lenient.Ratings.Count.Should().Be((int)report.RatingsRead, context);
            foreach (float r in lenient.Ratings.Ratings) (r is 1 or 2 or 3 or 4 or 5).Should().BeTrue(context);
            if (strict is not null)
            {
                report.LinesSkipped.Should().Be(0, context);
                Triples(lenient.Ratings).Should().Equal(Triples(strict.Ratings), context);
            }
        }
    }

    private static List<(int, int, float)> Triples(RatingSet set) =>
        Enumerable.Range(0, set.Count).Select(i => set[i]).Select(r => (r.UserId, r.MovieId, r.Value)).ToList();
}
