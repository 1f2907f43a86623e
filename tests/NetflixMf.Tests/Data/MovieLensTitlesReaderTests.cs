using System.Text;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class MovieLensTitlesReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Read_UItem_ParsesLatin1PipeSeparatedTitlesAndYears()
    {
        string file = _folder.WriteBytes("u.item", Encoding.Latin1.GetBytes(
            "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
            "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
            "1325|Misérables, Les (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n"));

        var titles = MovieLensTitlesReader.Read(file);

        titles.Count.Should().Be(3);
        titles[1].Should().Be(new MovieTitle(1, 1995, "Toy Story"));
        titles[267].Should().Be(new MovieTitle(267, null, "unknown"));
        titles[1325].Title.Should().Be("Misérables, Les");
    }

    [Fact]
    public void Read_MoviesCsv_HandlesQuotedCommasAndDoubledQuotes()
    {
        string file = _folder.Write("movies.csv",
            "movieId,title,genres\n" +
            "1,Toy Story (1995),Adventure|Animation\n" +
            "11,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
            "2,\"Say \"\"Hi\"\" (2001)\",Comedy\n" +
            "3,Untitled,(no genres listed)\n");

        var titles = MovieLensTitlesReader.Read(file);

        titles.All.Select(t => t.MovieId).Should().Equal(1, 11, 2, 3);
        titles[11].Should().Be(new MovieTitle(11, 1995, "American President, The"));
        titles[2].Should().Be(new MovieTitle(2, 2001, "Say \"Hi\""));
        titles[3].Should().Be(new MovieTitle(3, null, "Untitled"));
    }

    [Fact]
    public void Read_MoviesDat_ParsesDoubleColonFields()
    {
        string file = _folder.Write("movies.dat", "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n");
        MovieLensTitlesReader.Read(file)[2].Should().Be(new MovieTitle(2, 1995, "Jumanji"));
    }

    [Theory]
    [InlineData("movies.csv", "movieId,title,genres\n1,A (1990),x\nx1,B,y\n", "*movies.csv:3: movie id 'x1' is not a positive integer*")]
    [InlineData("movies.csv", "1,\"Open (1990),x\n", "*movies.csv:1: a quoted field is not closed*")]
    [InlineData("u.item", "1|A (1990)|\n1|B (1991)|\n", "*u.item:2: movie id 1 appears twice*")]
    public void Read_BadLine_ThrowsNamingFileAndLine(string name, string text, string message)
    {
        string file = _folder.Write(name, text);
        var act = () => MovieLensTitlesReader.Read(file);
        act.Should().Throw<RatingFormatException>().WithMessage(message);
    }

    public void Dispose() => _folder.Dispose();
}
