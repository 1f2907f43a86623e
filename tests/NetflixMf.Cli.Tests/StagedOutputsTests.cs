using NetflixMf.Cli.Output;

namespace NetflixMf.Cli.Tests;

public sealed class StagedOutputsTests
{
    [Fact]
    public void Commit_MovesEveryStagedFileToItsTarget()
    {
        using var folder = new TempFolder();
        folder.Write("metrics.json", "old");
        using (var outputs = new StagedOutputs())
        {
            outputs.Stage(folder.File("metrics.json"), "--metrics").Stream.Write("new"u8);
            outputs.Stage(folder.File("model.nmf"), "--save").Stream.Write("model"u8);
            outputs.Commit();
        }

        folder.FileNames().Should().Equal("metrics.json", "model.nmf");
        File.ReadAllText(folder.File("metrics.json")).Should().Be("new");
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNoFile()
    {
        using var folder = new TempFolder();
        using (var outputs = new StagedOutputs())
        {
            outputs.Stage(folder.File("metrics.json"), "--metrics").Stream.Write("partial"u8);
            outputs.Stage(folder.File("curve.png"), "--plot");
        }

        folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public void Stage_KeepsTheExtension_AndMissingFolderIsADataErrorNamingTheFlag()
    {
        using var folder = new TempFolder();
        using var outputs = new StagedOutputs();

        Path.GetExtension(outputs.Stage(folder.File("curve.svg"), "--plot").TemporaryPath).Should().Be(".svg");
        var stage = () => outputs.Stage(Path.Combine(folder.Path, "missing", "curve.svg"), "--plot");
        var e = stage.Should().Throw<CliException>().Which;
        e.ExitCode.Should().Be(ExitCodes.DataError);
        e.Message.Should().StartWith("--plot: ").And.Contain("does not exist");
    }
}
