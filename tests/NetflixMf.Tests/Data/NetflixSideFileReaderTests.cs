using System.Text;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class NetflixSideFileReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void NetflixProbeReader_Read_ReturnsPairsInFileOrder()
    {
        string file = _folder.Write("probe.txt", "\uFEFF1:\r\n30878\r\n2647871\r\n\r\n10:\r\n1952305");

        var pairs = NetflixProbeReader.Read(file);

        pairs.Should().Equal((30878, 1), (2647871, 1), (1952305, 10));
    }

    [Theory]
    [InlineData("1:\n12,2005-01-01\n", 2, "expected 'CustomerID' but found 2 field(s) (12,2005-01-01)")]
    [InlineData("12\n", 1, "customer line before the first 'MovieID:' header (12)")]
    [InlineData("1:\nx\n", 2, "customer id 'x' is not a positive integer (x)")]
    [InlineData("1:\n5\nq:\n", 3, "invalid movie header: expected 'MovieID:' with a positive integer id (q:)")]
    public void NetflixProbeReader_BadLine_ThrowsWithFileAndLine(string text, int line, string rest)
    {
        string file = _folder.Write("probe.txt", text);

        var act = () => NetflixProbeReader.Read(file);

        act.Should().Throw<RatingFormatException>().WithMessage($"{file}:{line}: {rest}");
    }

    [Fact]
    public void NetflixQualifyingReader_Read_ReturnsPairsWithDates()
    {
        string file = _folder.Write("qualifying.txt", "1:\n1046323,2005-12-19\n1080030,2005-12-23\n2:\n5,2000-02-29\n");

        var entries = NetflixQualifyingReader.Read(file);

        entries.Should().Equal(
            new NetflixQualifyingEntry(1046323, 1, new DateOnly(2005, 12, 19)),
            new NetflixQualifyingEntry(1080030, 1, new DateOnly(2005, 12, 23)),
            new NetflixQualifyingEntry(5, 2, new DateOnly(2000, 2, 29)));
    }

    [Theory]
    [InlineData("1:\n12\n", 2, "expected 'CustomerID,YYYY-MM-DD' but found 1 field(s) (12)")]
    [InlineData("1:\n12,2005-02-30\n", 2, "date '2005-02-30' is not a real YYYY-MM-DD date in 1970..2149 (12,2005-02-30)")]
    [InlineData("1:\n12,2005-01-01,3\n", 2, "expected 'CustomerID,YYYY-MM-DD' but found 3 field(s) (12,2005-01-01,3)")]
    public void NetflixQualifyingReader_BadLine_ThrowsWithFileAndLine(string text, int line, string rest)
    {
        string file = _folder.Write("qualifying.txt", text);

        var act = () => NetflixQualifyingReader.Read(file);

        act.Should().Throw<RatingFormatException>().WithMessage($"{file}:{line}: {rest}");
    }

    [Fact]
    public void MovieTitlesReader_Read_DecodesLatin1AndKeepsCommasQuotesAndNullYears()
    {
        byte[] bytes = Encoding.Latin1.GetBytes(
            "1,2003,Dinosaur Planet\r\n" +
            "6483,2001,Smokey Joe's Caf\u00e9\r\n" +
            "72,1974,\"At Home Among Strangers, A Stranger Among His Own\"\r\n" +
            "4388,NULL,Ancient Civilizations: Rome and Pompeii\r\n");
        string file = _folder.WriteBytes("movie_titles.txt", bytes);

        var titles = MovieTitlesReader.Read(file);

        titles.Count.Should().Be(4);
        titles.All.Should().Equal(
            new MovieTitle(1, 2003, "Dinosaur Planet"),
            new MovieTitle(6483, 2001, "Smokey Joe's Café"),
            new MovieTitle(72, 1974, "\"At Home Among Strangers, A Stranger Among His Own\""),
            new MovieTitle(4388, null, "Ancient Civilizations: Rome and Pompeii"));
        titles.TryGetTitle(6483, out var cafe).Should().BeTrue();
        cafe!.Title.Should().Be("Smokey Joe's Café");
        titles.TryGetTitle(2, out _).Should().BeFalse();
        titles[4388].Year.Should().BeNull();
        var missing = () => titles[2];
        missing.Should().Throw<KeyNotFoundException>();
    }

    [Theory]
    [InlineData("1,2003\n", 1, "expected 'MovieID,Year,Title' (1,2003)")]
    [InlineData("x,2003,T\n", 1, "movie id 'x' is not a positive integer (x,2003,T)")]
    [InlineData("1,03,T\n", 1, "year '03' is neither a 4-digit year nor NULL (1,03,T)")]
    [InlineData("1,2003,T\n1,2004,U\n", 2, "movie id 1 appears twice (1,2004,U)")]
    public void MovieTitlesReader_BadLine_ThrowsWithFileAndLine(string text, int line, string rest)
    {
        string file = _folder.Write("movie_titles.txt", text);

        var act = () => MovieTitlesReader.Read(file);

        act.Should().Throw<RatingFormatException>().WithMessage($"{file}:{line}: {rest}");
    }
}
