using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class ImplicitFeedbackReaderTests
{
    [Fact]
    public void Read_CsvWithHeaderAndExtraColumns_PairsWithRatingOne()
    {
        using var folder = new TempFolder();
        string path = folder.Write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n\r\n7,31,4,1\r\n");

        var set = ImplicitFeedbackReader.Read(path);

        set.Count.Should().Be(3);
        set.Scale.Should().Be(ImplicitFeedbackReader.Scale);
        set.Ratings.ToArray().Should().AllBeEquivalentTo(1f);
        Enumerable.Range(0, 3).Select(i => (set[i].UserId, set[i].MovieId)).Should().Equal((1, 31), (1, 1029), (7, 31));
        set.Users.Ids.ToArray().Should().Equal(1, 7);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData(" ")]
    [InlineData(";")]
    public void Read_TwoColumnsAnySeparatorNoHeader_KeepsDuplicates(string separator)
    {
        using var folder = new TempFolder();
        string path = folder.Write("pairs.txt", $"5{separator}9\n5{separator}9\n6{separator}0\n");

        var set = ImplicitFeedbackReader.Read(path);

        set.Count.Should().Be(3);
        set.Movies.Ids.ToArray().Should().Equal(0, 9);
    }

    [Fact]
    public void Read_ProbeAndQualifyingStyleFiles_NetflixPairs()
    {
        using var folder = new TempFolder();
        string probe = folder.Write("probe.txt", "1:\n30878\n2647871\n10:\n1952305\n");
        string qualifying = folder.Write("qualifying.txt", "1:\n1046323,2005-12-19\n4:\n1065039,2005-09-06\n");

        var pairs = ImplicitFeedbackReader.Read(probe);
        var dated = ImplicitFeedbackReader.Read(qualifying);

        Enumerable.Range(0, pairs.Count).Select(i => (pairs[i].UserId, pairs[i].MovieId)).Should().Equal((30878, 1), (2647871, 1), (1952305, 10));
        pairs.HasDates.Should().BeFalse();
        dated.HasDates.Should().BeTrue();
        dated[1].Should().Be(new Rating(1065039, 4, 1f, new DateOnly(2005, 9, 6)));
    }

    [Theory]
    [InlineData("1,2\n3\n", 2, "one field")]
    [InlineData("1,2\n3,x\n", 2, "movie id 'x'")]
    [InlineData("1,2\n-3,4\n", 2, "user id '-3'")]
    [InlineData("1:\n55\nabc\n", 3, "customer id 'abc'")]
    public void Read_BadLine_ThrowsNamingFileAndLine(string text, int line, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.csv", text);

        var act = () => ImplicitFeedbackReader.Read(path);

        act.Should().Throw<RatingFormatException>()
            .Where(e => e.LineNumber == line && e.FilePath == path)
            .WithMessage($"*{path}*{line}*{problem}*");
    }
}
