using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class RatingDataLoaderBadLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly RatingReaderOptions Skip = new() { OnBadLine = BadLinePolicy.Skip };

    [Theory]
    [InlineData("x,3,2005-01-01", "customer id 'x' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData("0,3,2005-01-01", "customer id '0' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData("-5,3,2005-01-01", "customer id '-5' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData("99999999999,3,2005-01-01", "customer id '99999999999' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData(",3,2005-01-01", "customer id '' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData("7,6,2005-01-01", "rating 6 is outside the scale 1..5", BadLineReason.RatingOutOfScale)]
    [InlineData("7,0,2005-01-01", "rating 0 is outside the scale 1..5", BadLineReason.RatingOutOfScale)]
    [InlineData("7,3.5,2005-01-01", "rating 3.5 is not a whole star", BadLineReason.RatingOutOfScale)]
    [InlineData("7,a,2005-01-01", "rating 'a' is not a number", BadLineReason.InvalidRating)]
    [InlineData("7,,2005-01-01", "rating '' is not a number", BadLineReason.InvalidRating)]
    [InlineData("7,3,2005-02-29", "date '2005-02-29' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3,2005-04-31", "date '2005-04-31' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3,2005-13-01", "date '2005-13-01' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3,05-01-01", "date '05-01-01' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3,2005/01/01", "date '2005/01/01' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3,", "date '' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("7,3", "expected 3 fields 'CustomerID,Rating,YYYY-MM-DD' but found 2", BadLineReason.WrongFieldCount)]
    [InlineData("7", "expected 3 fields 'CustomerID,Rating,YYYY-MM-DD' but found 1", BadLineReason.WrongFieldCount)]
    [InlineData("7,3,2005-01-01,x", "expected 3 fields 'CustomerID,Rating,YYYY-MM-DD' but found 4", BadLineReason.WrongFieldCount)]
    [InlineData("7,3,2005-01-01 ", "date '2005-01-01 ' is not a real YYYY-MM-DD date in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("abc:", "invalid movie header: expected 'MovieID:' with a positive integer id", BadLineReason.InvalidMovieHeader)]
    [InlineData("0:", "invalid movie header: expected 'MovieID:' with a positive integer id", BadLineReason.InvalidMovieHeader)]
    [InlineData("5:x", "invalid movie header: expected 'MovieID:' with a positive integer id", BadLineReason.InvalidMovieHeader)]
    public void Load_NetflixBadLine_ErrorNamesFileLineProblemAndText_SkipCountsIt(string bad, string problem, BadLineReason reason)
    {
        string file = _folder.Write("ratings.txt", $"1:\n10,3,2005-01-01\r\n{bad}\r\n11,4,2005-01-02\n");

        var error = () => RatingDataLoader.Load(file);
        var skipped = RatingDataLoader.Load(file, Skip);

        var e = error.Should().Throw<RatingFormatException>().Which;
        e.Message.Should().Be($"{file}:3: {problem} ({bad})");
        (e.FilePath, e.LineNumber, e.Problem, e.LineText).Should().Be((file, 3L, problem, bad));
        e.Should().BeAssignableTo<FormatException>();
        skipped.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long>
        {
            [reason] = 1 + (reason == BadLineReason.InvalidMovieHeader ? 0 : 0),
            [BadLineReason.RatingUnderInvalidHeader] = reason == BadLineReason.InvalidMovieHeader ? 1 : 0,
        }.Where(p => p.Value > 0).ToDictionary());
        skipped.Report.SkippedExamples[0].Should().Be($"{file}:3: {problem} ({bad})");
        var expectedUsers = reason == BadLineReason.InvalidMovieHeader ? new[] { 10 } : [10, 11];
        Enumerable.Range(0, skipped.Ratings.Count).Select(i => skipped.Ratings[i].UserId).Should().Equal(expectedUsers);
        skipped.Report.LinesRead.Should().Be(skipped.Report.HeaderLines + skipped.Report.BlankLines + skipped.Report.RatingsRead + skipped.Report.LinesSkipped);
    }

    [Fact]
    public void Load_RatingBeforeAnyHeader_IsABadLineInEveryFile()
    {
        _folder.Write("nf/training_set/mv_0000001.txt", "1:\n10,3,2005-01-01\n");
        string second = _folder.Write("nf/training_set/mv_0000002.txt", "11,4,2005-01-02\n2:\n12,5,2005-01-03\n");

        var error = () => RatingDataLoader.Load(Path.Combine(_folder.Path, "nf"));
        var skipped = RatingDataLoader.Load(Path.Combine(_folder.Path, "nf"), Skip);

        error.Should().Throw<RatingFormatException>()
            .WithMessage($"{second}:1: rating line before the first 'MovieID:' header (11,4,2005-01-02)");
        skipped.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long> { [BadLineReason.RatingBeforeHeader] = 1 });
        Enumerable.Range(0, skipped.Ratings.Count).Select(i => (skipped.Ratings[i].UserId, skipped.Ratings[i].MovieId)).Should().Equal((10, 1), (12, 2));
    }

    [Fact]
    public void Load_SkipInvalidHeaderBlock_NeverCreditsItsRatingsToThePreviousMovie()
    {
        string text = "1:\n10,3,2005-01-01\nx1:\n20,3,2005-01-01\n21,4,2005-01-01\n22,5,2005-01-01\n2:\n30,2,2005-01-01\n";
        string file = _folder.Write("ratings.txt", text);

        foreach (int chunk in new[] { 1, 8, 19, 1 << 20 })
        {
            var result = RatingDataLoader.Load(file, Skip, null, null, chunk, default);

            Enumerable.Range(0, result.Ratings.Count).Select(i => (result.Ratings[i].UserId, result.Ratings[i].MovieId)).Should().Equal([(10, 1), (30, 2)], $"chunk {chunk}");
            result.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long>
            {
                [BadLineReason.InvalidMovieHeader] = 1,
                [BadLineReason.RatingUnderInvalidHeader] = 3,
            });
            result.Report.LinesSkipped.Should().Be(4);
            result.Report.SkippedExamples.Should().Equal(
                $"{file}:3: invalid movie header: expected 'MovieID:' with a positive integer id (x1:)",
                $"{file}:4: rating line under an invalid 'MovieID:' header (20,3,2005-01-01)",
                $"{file}:5: rating line under an invalid 'MovieID:' header (21,4,2005-01-01)",
                $"{file}:6: rating line under an invalid 'MovieID:' header (22,5,2005-01-01)");
        }
    }

    [Fact]
    public void Load_ManyBadLines_KeepsOnlyTheFirstExamplesInFileOrderAndCountsAll()
    {
        var lines = new List<string> { "1:" };
        for (int i = 1; i <= 300; i++) lines.Add(i % 3 == 0 ? $"{i},9,2005-01-01" : $"{i},3,2005-01-01");
        string file = _folder.Write("ratings.txt", string.Join('\n', lines));

        var result = RatingDataLoader.Load(file, Skip with { MaxSkippedExamples = 3 }, null, null, 64, default);

        result.Ratings.Count.Should().Be(200);
        result.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long> { [BadLineReason.RatingOutOfScale] = 100 });
        result.Report.SkippedExamples.Should().Equal(
            $"{file}:4: rating 9 is outside the scale 1..5 (3,9,2005-01-01)",
            $"{file}:7: rating 9 is outside the scale 1..5 (6,9,2005-01-01)",
            $"{file}:10: rating 9 is outside the scale 1..5 (9,9,2005-01-01)");
    }

    [Fact]
    public void Load_ErrorPolicyWithBadLinesInManyChunks_ReportsTheFirstOne()
    {
        var lines = new List<string> { "1:" };
        for (int i = 1; i <= 500; i++) lines.Add(i is 250 or 400 or 480 ? $"{i},3,2005-02-30" : $"{i},3,2005-01-01");
        string file = _folder.Write("ratings.txt", string.Join('\n', lines) + "\n");

        var act = () => RatingDataLoader.Load(file, new RatingReaderOptions { MaxDegreeOfParallelism = 2 }, null, null, 50, default);

        act.Should().Throw<RatingFormatException>().Which.LineNumber.Should().Be(251);
    }

    [Theory]
    [InlineData("u.data", "1\t2\t3", "expected 4 fields 'user<TAB>movie<TAB>rating<TAB>unixtime' but found 3", BadLineReason.WrongFieldCount)]
    [InlineData("u.data", "1\t2\t3.5\t100", "rating 3.5 is not a whole star", BadLineReason.RatingOutOfScale)]
    [InlineData("u.data", "1\tx\t3\t100", "movie id 'x' is not a positive integer", BadLineReason.InvalidMovieId)]
    [InlineData("u.data", "0\t2\t3\t100", "user id '0' is not a positive integer", BadLineReason.InvalidUserId)]
    [InlineData("u.data", "1\t2\t3\t-100", "timestamp '-100' is not a Unix time in 1970..2149", BadLineReason.InvalidDate)]
    [InlineData("ratings.dat", "1::2::6::100", "rating 6 is outside the scale 1..5", BadLineReason.RatingOutOfScale)]
    [InlineData("ratings.dat", "1::2::3::100::7", "expected 4 fields 'user::movie::rating::unixtime' but found 5", BadLineReason.WrongFieldCount)]
    [InlineData("ratings.csv", "1,2,4.25,100", "rating 4.25 is not a whole or half star", BadLineReason.RatingOutOfScale)]
    [InlineData("ratings.csv", "1,2,0,100", "rating 0 is outside the scale 0.5..5", BadLineReason.RatingOutOfScale)]
    [InlineData("ratings.csv", "1,2,five,100", "rating 'five' is not a number", BadLineReason.InvalidRating)]
    public void Load_MovieLensBadLine_ErrorNamesFileLineProblemAndText_SkipCountsIt(string name, string bad, string problem, BadLineReason reason)
    {
        string separator = name switch { "u.data" => "\t", "ratings.dat" => "::", _ => "," };
        string good = string.Join(separator, "5", "6", "4", "978300760");
        string file = _folder.Write(name, $"{good}\n{bad}\n{good}\n");

        var error = () => RatingDataLoader.Load(file);
        var skipped = RatingDataLoader.Load(file, Skip);

        error.Should().Throw<RatingFormatException>().Which.Message.Should().Be($"{file}:2: {problem} ({bad})");
        skipped.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long> { [reason] = 1 });
        skipped.Ratings.Count.Should().Be(2);
    }

    [Fact]
    public void Load_EverythingSkipped_GivesAnEmptySetAndAFullReport()
    {
        string file = _folder.Write("ratings.txt", "x:\n1,3,2005-01-01\n");

        var result = RatingDataLoader.Load(file, Skip with { AllowEmpty = true });

        result.Ratings.Count.Should().Be(0);
        result.Report.LinesSkipped.Should().Be(2);
        result.Report.LinesRead.Should().Be(2);
    }
}
