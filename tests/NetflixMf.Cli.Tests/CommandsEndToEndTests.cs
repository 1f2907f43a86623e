using System.Text.Json;
using NetflixMf.Data.Synthetic;

namespace NetflixMf.Cli.Tests;

/// <summary>The Tiny synthetic data set in Netflix format (combined_data_*.txt, probe.txt, movie_titles.txt), written once for the class.</summary>
public sealed class TinyNetflixData : IDisposable
{
    private readonly TempFolder _folder = new();

    public TinyNetflixData() => SyntheticNetflixGenerator.WriteFiles(_folder.Path, SyntheticDataOptions.Tiny);

    public string Path => _folder.Path;

    public string Titles => System.IO.Path.Combine(Path, "movie_titles.txt");

    public void Dispose() => _folder.Dispose();
}

[Collection(TorchCollection.Name)]
public sealed class CommandsEndToEndTests(TinyNetflixData data) : IClassFixture<TinyNetflixData>
{
    [Fact]
    public async Task Train_TinyData_PrintsEpochsAndWritesMetricsModelAndPlot()
    {
        using var output = new TempFolder();
        string model = output.File("tiny.nmf"), metrics = output.File("metrics.json"), plot = output.File("curve.png");

        var run = await CliRun.RunAsync(
            "train", "--data", data.Path, "--epochs", "3", "--factors", "8", "--save", model, "--metrics", metrics, "--plot", plot);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().MatchRegex(@"epoch 1/3  train RMSE \d\.\d{4}  test RMSE \d\.\d{4}  .* ratings/s")
            .And.Contain("epoch 3/3").And.Contain("(probe)");
        output.FileNames().Should().Equal("curve.png", "metrics.json", "tiny.nmf");

        using var json = JsonDocument.Parse(File.ReadAllText(metrics));
        var root = json.RootElement;
        root.GetProperty("model").GetString().Should().Be("dot");
        root.GetProperty("factors").GetInt32().Should().Be(8);
        long trainRatings = root.GetProperty("trainRatings").GetInt64();
        long testRatings = root.GetProperty("testRatings").GetInt64();
        testRatings.Should().BeGreaterThan(0);
        (trainRatings + testRatings).Should().Be(SyntheticDataOptions.Tiny.Ratings);
        root.GetProperty("loadSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        root.GetProperty("trainSeconds").GetDouble().Should().BeGreaterThan(0);
        var epochs = root.GetProperty("epochs").EnumerateArray().ToList();
        epochs.Select(e => e.GetProperty("epoch").GetInt32()).Should().Equal(1, 2, 3);
        epochs.Should().OnlyContain(e => e.GetProperty("trainRmse").GetDouble() > 0 && e.GetProperty("testRmse").GetDouble() > 0 && e.GetProperty("seconds").GetDouble() >= 0);
        double testRmse = root.GetProperty("testRmse").GetDouble();
        testRmse.Should().BeInRange(0.3, 1.3);
        root.GetProperty("testMae").GetDouble().Should().BeInRange(0.1, testRmse);
        File.ReadAllBytes(plot).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');

        // The saved model answers predict, recommend and evaluate.
        var predict = await CliRun.RunAsync("predict", "--model", model, "--user", "1", "--movie", "1");
        predict.ExitCode.Should().Be(0, predict.Error);
        predict.Output.Should().MatchRegex(@"user 1 movie 1: predicted rating [1-5]\.\d{3}");

        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", data.Path, "--json");
        evaluate.ExitCode.Should().Be(0, evaluate.Error);
        using var evaluation = JsonDocument.Parse(evaluate.Output);
        evaluation.RootElement.GetProperty("testRatings").GetInt64().Should().Be(testRatings);
        evaluation.RootElement.GetProperty("rmse").GetDouble().Should().BeApproximately(testRmse, 1e-6, "evaluate splits the data as train did");
    }

    [Fact]
    public async Task Recommend_WithTitlesAndExcludeRated_ShowsTitlesAndNoRatedMovie()
    {
        using var output = new TempFolder();
        string model = output.File("tiny.nmf");
        (await CliRun.RunAsync("train", "--data", data.Path, "--epochs", "2", "--factors", "8", "--save", model)).ExitCode.Should().Be(0);
        var ratings = NetflixMf.Data.RatingDataLoader.Load(data.Path).Ratings;
        int userId = ratings.Users.GetId(0);
        var rated = Enumerable.Range(0, ratings.Count).Where(i => ratings.UserIndices[i] == 0).Select(i => ratings.Movies.GetId(ratings.MovieIndices[i])).ToHashSet();

        var run = await CliRun.RunAsync(
            "recommend", "--model", model, "--user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--top", "5", "--titles", data.Titles, "--exclude-rated", data.Path, "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("excludedMovies").GetInt32().Should().Be(rated.Count);
        var recommendations = json.RootElement.GetProperty("recommendations").EnumerateArray().ToList();
        recommendations.Should().HaveCount(5);
        recommendations.Select(r => r.GetProperty("rank").GetInt32()).Should().Equal(1, 2, 3, 4, 5);
        recommendations.Should().OnlyContain(r => !rated.Contains(r.GetProperty("movieId").GetInt32()));
        recommendations.Should().OnlyContain(r => !string.IsNullOrWhiteSpace(r.GetProperty("title").GetString()));
        recommendations.Select(r => r.GetProperty("predictedRating").GetSingle()).Should().BeInDescendingOrder();

        var text = await CliRun.RunAsync("recommend", "--model", model, "--user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--top", "3", "--titles", data.Titles);
        text.ExitCode.Should().Be(0, text.Error);
        text.Output.Should().Contain($"top 3 for user {userId}").And.Contain(recommendations[0].GetProperty("title").GetString()![..5]);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("neumf")]
    public async Task Train_ExplodingHead_Exits1AndSavesNothing(string model)
    {
        using var output = new TempFolder();

        var run = await CliRun.RunAsync("train", "--data", data.Path, "--model", model, "--learning-rate", "100", "--epochs", "2", "--factors", "8",
            "--save", output.File("m.nmf"), "--metrics", output.File("metrics.json"));

        run.ExitCode.Should().Be(1, run.Output);
        run.Error.Should().Contain("diverged");
        output.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task Train_WithSeparateTestPath_TestsOnThatFile()
    {
        using var test = new TempFolder();
        string testFile = test.Write("test.txt", "1:\n1,4,2005-01-01\n2:\n1,3,2005-01-02\n");

        var run = await CliRun.RunAsync("train", "--data", data.Path, "--test", testFile, "--epochs", "1", "--factors", "4");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain($"train {SyntheticDataOptions.Tiny.Ratings:N0} ratings, test 2 ratings (test set {testFile})");
    }

    [Fact]
    public async Task Train_Canceled_ExitsCleanlyAndLeavesNoFiles()
    {
        using var output = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        using var stdout = new CancelOnOutputWriter("epoch 1/", cancellation);
        using var stderr = new StringWriter();

        int code = await Program.RunAsync(
            ["train", "--data", data.Path, "--epochs", "50", "--factors", "8",
             "--save", output.File("m.nmf"), "--metrics", output.File("metrics.json"), "--plot", output.File("curve.svg")],
            stdout, stderr, cancellation.Token);

        code.Should().Be(ExitCodes.Canceled, stderr.ToString());
        stdout.ToString().Should().NotContain("epoch 50/50");
        stderr.ToString().Should().Contain("canceled");
        output.FileNames().Should().BeEmpty();
    }

    [Theory]
    [InlineData("--l2", "-1")]
    [InlineData("--device", "cuda")]
    public async Task Train_OptionTheLibraryRejects_FailsBeforeReadingAndNamesTheFlag(string flag, string value)
    {
        var run = await CliRun.RunAsync("train", "--data", data.Path, flag, value);

        run.ExitCode.Should().BeOneOf(1, 2);
        run.Error.Should().StartWith($"error: {flag}");
        run.Output.Should().NotContain("reading");
    }

    [Fact]
    public async Task Predict_CorruptModelFile_Returns1NamingTheFile()
    {
        using var output = new TempFolder();
        string model = output.Write("broken.nmf", "this is not a model");

        var run = await CliRun.RunAsync("predict", "--model", model, "--user", "1", "--movie", "1");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("broken.nmf");
    }

    [Fact]
    public async Task Demo_FewEpochs_RunsTheWholeRecipe()
    {
        using var output = new TempFolder();

        var run = await CliRun.RunAsync("demo", "--epochs", "1", "--out", output.Path);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("epoch 1/1").And.Contain("predicted vs actual").And.Contain("top 5 for user");
        run.Output.TrimEnd().Split('\n')[^1].Should().MatchRegex(@"^Demo finished in \d+\.\d s: dot model with \d+ factors trained on [\d,]+ ratings in 1 epochs, probe RMSE \d\.\d{4}\.$");
        output.FileNames().Should().Contain(["combined_data_1.txt", "probe.txt", "movie_titles.txt", "demo.nmf"]);
        output.FileNames().Should().NotContain(f => f.StartsWith('.'));
    }
}
