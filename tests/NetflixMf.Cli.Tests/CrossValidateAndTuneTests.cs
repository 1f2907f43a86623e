using System.Text.Json;
using NetflixMf.Training;

namespace NetflixMf.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class CrossValidateAndTuneTests(TinyNetflixData data) : IClassFixture<TinyNetflixData>
{
    [Fact]
    public async Task Cv_TinyData_PrintsEachFoldAndMeanAndStd()
    {
        var run = await CliRun.RunAsync("cv", "--data", data.Path, "--folds", "3", "--epochs", "3", "--factors", "8");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("cv: 3 folds of").And.MatchRegex(@"fold 2/3: RMSE \d\.\d{4}, MAE \d\.\d{4}");
        run.Output.Should().MatchRegex(@"Fold 1\s+Fold 2\s+Fold 3\s+Mean\s+Std")
            .And.MatchRegex(@"RMSE\s+(\d\.\d{4}\s+){4}\d\.\d{4}")
            .And.MatchRegex(@"MAE\s+(\d\.\d{4}\s+){4}\d\.\d{4}");
    }

    [Fact]
    public async Task Cv_Json_MeanIsTheMeanOfTheFolds()
    {
        var run = await CliRun.RunAsync("cv", "--data", data.Path, "--folds", "2", "--epochs", "2", "--factors", "4", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var folds = root.GetProperty("foldScores").EnumerateArray().Select(f => f.GetProperty("rmse").GetDouble()).ToList();
        folds.Should().HaveCount(2).And.OnlyContain(r => r > 0.3 && r < 1.5);
        root.GetProperty("meanRmse").GetDouble().Should().BeApproximately(folds.Average(), 1e-9);
        root.GetProperty("stdRmse").GetDouble().Should().BeApproximately(Math.Abs(folds[0] - folds[1]) / 2, 1e-9);
        root.GetProperty("options").GetProperty("EmbeddingDimension").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task Tune_Grid_RanksCandidatesAndSavesOptionsThatTrainReads()
    {
        using var output = new TempFolder();
        string saved = output.File("best.json");

        var run = await CliRun.RunAsync(
            "tune", "--data", data.Path, "--folds", "2", "--epochs", "3", "--param", "factors=2,8", "--param", "l2=0.02,0.5", "--save", saved);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("tune: 4 candidate(s) x 2 folds").And.Contain("factors=8 l2=0.02").And.MatchRegex(@"best: factors=\d l2=[\d.]+: RMSE \d\.\d{4}");
        var options = TrainerOptions.FromJson(File.ReadAllText(saved));
        options.Epochs.Should().Be(3);
        string best = $"best: factors={options.EmbeddingDimension} l2={options.L2Regularization.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}:";
        run.Output.Should().Contain(best, "the saved options are the best candidate's");

        var train = await CliRun.RunAsync("train", "--data", data.Path, "--options", saved, "--epochs", "2");
        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain($"{options.EmbeddingDimension} factors, 2 epochs");
    }

    [Fact]
    public async Task Tune_RandomWithHoldout_JsonListsEveryCandidateAndTheBest()
    {
        var run = await CliRun.RunAsync(
            "tune", "--data", data.Path, "--holdout", "0.2", "--random", "3", "--epochs", "2", "--factors", "4", "--param", "learning-rate=0.005..0.05", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var candidates = json.RootElement.GetProperty("candidates").EnumerateArray().ToList();
        candidates.Should().HaveCount(3);
        double bestRmse = candidates.Where(c => !c.GetProperty("diverged").GetBoolean()).Min(c => c.GetProperty("meanRmse").GetDouble());
        var best = candidates.Single(c => c.GetProperty("candidate").GetString() == json.RootElement.GetProperty("best").GetString());
        best.GetProperty("meanRmse").GetDouble().Should().Be(bestRmse);
        float rate = json.RootElement.GetProperty("bestOptions").GetProperty("LearningRate").GetSingle();
        rate.Should().BeInRange(0.005f, 0.05f);
    }

    [Theory]
    [InlineData("--param", "speed=1,2", "*not a tunable option*")]
    [InlineData("--param", "l2=0.01..0.1", "*needs --random*")]
    [InlineData("--param", "factors=0,4", "*factors=0*EmbeddingDimension*")]
    public async Task Tune_BadParam_IsAUsageError(string flag, string value, string message)
    {
        var run = await CliRun.RunAsync("tune", "--data", data.Path, flag, value);
        run.ExitCode.Should().Be(2);
        run.Error.Should().Match(message);
    }

    [Fact]
    public async Task Train_BadOptionsFile_IsADataErrorNamingTheFile()
    {
        using var output = new TempFolder();
        string file = output.Write("options.json", """{ "Epochz": 3 }""");
        var run = await CliRun.RunAsync("train", "--data", data.Path, "--options", file);
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"{file}: The trainer options JSON is invalid").And.Contain("Epochz").And.NotContain("   at ");
    }

    [Fact]
    public async Task Train_OptionsFileWithValueOutOfRange_NamesTheFileOptionAndRange()
    {
        using var output = new TempFolder();
        string file = output.Write("options.json", """{ "EmbeddingDimension": 0 }""");
        var run = await CliRun.RunAsync("train", "--data", data.Path, "--options", file);
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"{file}: TrainerOptions.EmbeddingDimension must be in 1..4096 (was 0).").And.NotContain("Parameter '").And.NotContain("   at ");
    }
}
