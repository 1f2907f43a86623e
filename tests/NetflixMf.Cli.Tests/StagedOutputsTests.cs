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
            File.WriteAllText(outputs.Stage(folder.File("metrics.json")), "new");
            File.WriteAllText(outputs.Stage(folder.File("model.nmf")), "model");
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
            File.WriteAllText(outputs.Stage(folder.File("metrics.json")), "partial");
            outputs.Stage(folder.File("curve.png"));
        }

        folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public void Stage_KeepsTheExtension_AndMissingFolderIsADataError()
    {
        using var folder = new TempFolder();
        using var outputs = new StagedOutputs();

        Path.GetExtension(outputs.Stage(folder.File("curve.svg"))).Should().Be(".svg");
        var stage = () => outputs.Stage(Path.Combine(folder.Path, "missing", "curve.svg"));
        stage.Should().Throw<CliException>().Which.ExitCode.Should().Be(ExitCodes.DataError);
    }
}
