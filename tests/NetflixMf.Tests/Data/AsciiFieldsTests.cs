using System.Text;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class AsciiFieldsTests
{
    [Fact]
    public void TryParseDate_EveryDayFrom1970To2149_MatchesDateOnly()
    {
        var epoch = new DateOnly(1970, 1, 1);
        for (var date = epoch; date <= new DateOnly(2149, 6, 6); date = date.AddDays(1))
        {
            byte[] text = Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            AsciiFields.TryParseDate(text, out ushort day).Should().BeTrue();
            day.Should().Be((ushort)(date.DayNumber - epoch.DayNumber));
        }
    }

    [Theory]
    [InlineData("2005-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2005-00-10")]
    [InlineData("2005-01-00")]
    [InlineData("2005-06-31")]
    [InlineData("1969-12-31")]
    [InlineData("2149-06-07")]
    [InlineData("20050101")]
    [InlineData("2005-1-01 ")]
    [InlineData("2o05-01-01")]
    public void TryParseDate_NotARealDateInRange_IsRejected(string text)
    {
        AsciiFields.TryParseDate(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("0007", 7)]
    [InlineData("2147483647", int.MaxValue)]
    public void TryParsePositiveInt_Valid_Parses(string text, int expected)
    {
        AsciiFields.TryParsePositiveInt(Encoding.ASCII.GetBytes(text), out int value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("2147483648")]
    [InlineData("+5")]
    [InlineData("-5")]
    [InlineData(" 5")]
    public void TryParsePositiveInt_Invalid_IsRejected(string text)
    {
        AsciiFields.TryParsePositiveInt(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();
    }
}
