using System.Text;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

/// <summary>Issue #12 item 11: data quoted in messages is cut and cannot drive the terminal.</summary>
public sealed class MessageTextTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_BadLineWithTerminalEscapes_QuotesThemEscaped()
    {
        string file = _folder.Write("ratings.txt", "1:\n10,3,2005-01-01\n\u001b[31mevil\u001b]0;title\u0007,3,2005-01-01\n");
        var act = () => RatingDataLoader.Load(file);
        var e = act.Should().Throw<RatingFormatException>().Which;
        e.Message.Should().NotContain("\u001b").And.NotContain("\u0007").And.Contain("\\x1B[31mevil");
    }

    [Fact]
    public void MovieTitlesReader_TenMegabyteBadLine_QuotesAtMost200Characters()
    {
        var text = new StringBuilder("1,2001,Fine\n2,year,");
        text.Append('x', 10 << 20).Append('\n');
        string file = _folder.WriteBytes("movie_titles.txt", Encoding.Latin1.GetBytes(text.ToString()));
        var act = () => MovieTitlesReader.Read(file);
        var e = act.Should().Throw<RatingFormatException>().Which;
        e.LineText.Length.Should().BeLessThanOrEqualTo(203);
        e.Message.Length.Should().BeLessThan(1000);
        e.Message.Should().StartWith($"{file}:2: year 'year'");
    }
}
