using System.Text;
using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

/// <summary>Issue #12 item 6: a bad rating line holding ':' is a bad rating, not a movie header.</summary>
public sealed class NetflixColonLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Block(int badAt)
    {
        var text = new StringBuilder("1:\n");
        for (int user = 1; user <= 1000; user++)
        {
            if (user == badAt) text.Append("5000,3,2005:01:02\n");
            text.Append(user).Append(",4,2005-01-01\n");
        }
        text.Append("2:\n7,5,2005-03-04\n");
        return _folder.Write("ratings.txt", text.ToString());
    }

    [Theory]
    [InlineData(1 << 20)] // one chunk
    [InlineData(97)] // chunk boundaries all through the block, including just after the bad line
    public void Load_SkipPolicy_BadDateWithColons_SkipsThatLineOnlyAndKeepsTheBlock(int chunkBytes)
    {
        string file = Block(badAt: 500);
        var options = new RatingReaderOptions { OnBadLine = BadLinePolicy.Skip };

        var result = RatingDataLoader.Load(file, options, null, null, chunkBytes, CancellationToken.None);

        result.Ratings.Count.Should().Be(1001);
        result.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long> { [BadLineReason.InvalidDate] = 1 });
        result.Report.SkippedExamples.Should().ContainSingle().Which.Should().Be($"{file}:501: date '2005:01:02' is not a real YYYY-MM-DD date in 1970..2149 (5000,3,2005:01:02)");
        Enumerable.Range(0, result.Ratings.Count).Count(i => result.Ratings[i].MovieId == 1).Should().Be(1000);
    }

    [Fact]
    public void Load_ErrorPolicy_BadDateWithColons_NamesTheDate()
    {
        string file = Block(badAt: 3);
        var act = () => RatingDataLoader.Load(file);
        act.Should().Throw<RatingFormatException>().Which.Problem.Should().Be("date '2005:01:02' is not a real YYYY-MM-DD date in 1970..2149");
    }

    [Fact]
    public void Load_SkipPolicy_HeaderLikeLineWithoutComma_StillInvalidatesItsBlock()
    {
        string file = _folder.Write("ratings.txt", "1:\n10,3,2005-01-01\n2x:\n11,4,2005-01-02\n3:\n12,5,2005-01-03\n");
        var result = RatingDataLoader.Load(file, new RatingReaderOptions { OnBadLine = BadLinePolicy.Skip });
        result.Report.SkippedByReason.Should().Equal(new Dictionary<BadLineReason, long>
        {
            [BadLineReason.InvalidMovieHeader] = 1,
            [BadLineReason.RatingUnderInvalidHeader] = 1,
        });
        result.Ratings.Count.Should().Be(2);
    }
}
