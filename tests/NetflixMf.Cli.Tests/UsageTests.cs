namespace NetflixMf.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("stats")]
    [InlineData("stats", "--data")]
    [InlineData("train", "--data", "x", "--split", "random:1.5")]
    [InlineData("train", "--data", "x", "--split", "sideways:0.1")]
    [InlineData("train", "--data", "x", "--split", "random")]
    [InlineData("train", "--data", "x", "--split", "probe", "--test", "y")]
    [InlineData("train", "--data", "x", "--factors", "0")]
    [InlineData("train", "--data", "x", "--epochs", "many")]
    [InlineData("train", "--data", "x", "--model", "svd")]
    [InlineData("train", "--data", "x", "--plot", "curve.gif")]
    [InlineData("predict", "--model", "m.nmf", "--user", "1")]
    [InlineData("recommend", "--model", "m.nmf", "--user", "1", "--top", "-3")]
    [InlineData("evaluate", "--model", "m.nmf")]
    [InlineData("stats", "--data", "x", "--format", "csv")]
    public async Task RunAsync_BadCommandLine_Returns2WithErrorAndUsage(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("error:").And.Contain("Usage:");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_SplitError_NamesTheOptionAndTheForms()
    {
        var run = await CliRun.RunAsync("train", "--data", "x", "--split", "sideways:0.1");

        run.Error.Should().Contain("--split 'sideways:0.1' is not one of probe|random:F|user:F|temporal:F");
        run.Error.Should().Contain("train [options]");
    }

    [Fact]
    public async Task RunAsync_Help_Returns0AndListsEveryCommand()
    {
        var run = await CliRun.RunAsync("--help");

        run.ExitCode.Should().Be(0);
        run.Output.Should().ContainAll("demo", "stats", "train", "evaluate", "predict", "recommend");
    }

    [Fact]
    public async Task RunAsync_MissingDataPath_Returns1NamingThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"netflixmf-missing-{Guid.NewGuid():N}");

        var run = await CliRun.RunAsync("stats", "--data", missing);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain(missing);
    }

    [Theory]
    [InlineData("probe", "Probe", 0)]
    [InlineData("random:0.1", "Random", 0.1)]
    [InlineData("USER:0.25", "User", 0.25)]
    [InlineData("temporal:0.05", "Temporal", 0.05)]
    public void SplitSpec_TryParse_ValidForms_Parse(string text, string kind, double fraction)
    {
        SplitSpec.TryParse(text, out var spec, out string? error).Should().BeTrue(error);

        spec.Should().Be(new SplitSpec(Enum.Parse<SplitKind>(kind), fraction));
    }

    [Theory]
    [InlineData("")]
    [InlineData("random:0")]
    [InlineData("random:1")]
    [InlineData("random:abc")]
    [InlineData("probe:0.1x")]
    public void SplitSpec_TryParse_InvalidForms_Fail(string text)
    {
        SplitSpec.TryParse(text, out _, out string? error).Should().BeFalse();

        error.Should().StartWith("--split");
    }
}
