namespace NetflixMf.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class PrizeCommandsTests(TinyNetflixData data) : IClassFixture<TinyNetflixData>
{
    [Fact]
    public async Task TrainBlendPredict_TinyNetflixData_WritesModelsBlendAndSubmission()
    {
        using var output = new TempFolder();
        string svdpp = output.File("svdpp.nmf"), dot = output.File("dot.nmf"), blend = output.File("blend.nmf");

        var train = await CliRun.RunAsync("train", "--data", data.Path, "--model", "svdpp", "--time-biases", "--epochs", "3", "--factors", "8", "--save", svdpp);
        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain("implicit feedback").And.Contain("epoch 3/3").And.Contain("svdpp+time model").And.Contain("(probe)");
        (await CliRun.RunAsync("train", "--data", data.Path, "--epochs", "3", "--factors", "8", "--save", dot)).ExitCode.Should().Be(0);

        var fit = await CliRun.RunAsync("blend", "--models", $"{svdpp},{dot}", "--data", data.Path, "--out", blend);
        fit.ExitCode.Should().Be(0, fit.Error);
        fit.Output.Should().Contain("holdout:").And.Contain("(probe)").And.MatchRegex(@"blend: RMSE \d\.\d{4}").And.Contain("blend saved to");

        string qualifying = Path.Combine(data.Path, "qualifying.txt");
        string submission = output.File("submission.txt");
        var predict = await CliRun.RunAsync("predict", "--model", blend, "--pairs", qualifying, "--out", submission);
        predict.ExitCode.Should().Be(0, predict.Error);
        string[] input = File.ReadAllLines(qualifying);
        string[] written = File.ReadAllLines(submission);
        written.Should().HaveCount(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i].EndsWith(':')) written[i].Should().Be(input[i]);
            else written[i].Should().MatchRegex(@"^[1-5]\.\d{3}$");
        }

        var probe = await CliRun.RunAsync("predict", "--model", svdpp, "--pairs", Path.Combine(data.Path, "probe.txt"), "--data", data.Path, "--out", output.File("probe-predictions.txt"));
        probe.ExitCode.Should().Be(0, probe.Error);
        probe.Output.Should().MatchRegex(@"RMSE \d\.\d{4} over [\d,]+ rated pairs");

        var single = await CliRun.RunAsync("predict", "--model", svdpp, "--user", "1", "--movie", "1");
        single.ExitCode.Should().Be(0, single.Error);
        single.Output.Should().MatchRegex(@"predicted rating [1-5]\.\d{3}");
    }

    [Fact]
    public async Task Predict_NeitherPairsNorUserAndMovie_IsAUsageError()
    {
        var run = await CliRun.RunAsync("predict", "--model", "m.nmf", "--user", "1");
        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--pairs");
    }

    [Fact]
    public async Task Train_TimeBiasesWithMlp_IsAUsageError()
    {
        var run = await CliRun.RunAsync("train", "--data", data.Path, "--model", "mlp", "--time-biases", "--epochs", "1");
        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--time-biases");
    }
}
