using System.Text.Json;

namespace NetflixMf.Cli.Tests;

public sealed class StatsCommandTests
{
    // 2 movies, 3 users, 5 ratings; line numbers matter for the error test below.
    private const string Ratings =
        "1:\n" +
        "10,3,2005-09-06\n" +
        "20,4,2005-05-13\n" +
        "30,5,2004-01-02\n" +
        "2:\n" +
        "10,5,2005-10-19\n" +
        "30,1,2005-12-31\n";

    [Fact]
    public async Task Stats_Json_PrintsExactCounts()
    {
        using var folder = new TempFolder();
        folder.Write("combined_data_1.txt", Ratings);

        var run = await CliRun.RunAsync("stats", "--data", folder.Path, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        root.GetProperty("ratings").GetInt64().Should().Be(5);
        root.GetProperty("users").GetInt32().Should().Be(3);
        root.GetProperty("movies").GetInt32().Should().Be(2);
        root.GetProperty("skippedLines").GetInt64().Should().Be(0);
        root.GetProperty("scale").GetProperty("minimum").GetSingle().Should().Be(1);
        root.GetProperty("scale").GetProperty("maximum").GetSingle().Should().Be(5);
        root.GetProperty("meanRating").GetDouble().Should().BeApproximately(18.0 / 5, 1e-9);
        root.GetProperty("firstDate").GetString().Should().Be("2004-01-02");
        root.GetProperty("lastDate").GetString().Should().Be("2005-12-31");
        root.GetProperty("files").EnumerateArray().Select(f => Path.GetFileName(f.GetString())).Should().Equal("combined_data_1.txt");
        root.GetProperty("seconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Stats_Text_PrintsCounts()
    {
        using var folder = new TempFolder();
        folder.Write("combined_data_1.txt", Ratings);

        var run = await CliRun.RunAsync("stats", "--data", folder.Path);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().MatchRegex(@"ratings\s+5\b").And.MatchRegex(@"users\s+3\b").And.MatchRegex(@"movies\s+2\b");
    }

    [Fact]
    public async Task Stats_BadLine_Returns1WithFileAndLine()
    {
        using var folder = new TempFolder();
        folder.Write("combined_data_1.txt", Ratings.Replace("20,4,2005-05-13", "20,x,2005-05-13", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("stats", "--data", folder.Path, "--json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("combined_data_1.txt:3:").And.Contain("20,x,2005-05-13");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task Stats_BadLineSkipped_CountsIt()
    {
        using var folder = new TempFolder();
        folder.Write("combined_data_1.txt", Ratings.Replace("20,4,2005-05-13", "20,x,2005-05-13", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("stats", "--data", folder.Path, "--json", "--on-bad-line", "skip");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("ratings").GetInt64().Should().Be(4);
        json.RootElement.GetProperty("users").GetInt32().Should().Be(2);
        json.RootElement.GetProperty("skippedLines").GetInt64().Should().Be(1);
    }
}
