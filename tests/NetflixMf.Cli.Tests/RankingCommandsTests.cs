using System.Text.Json;

namespace NetflixMf.Cli.Tests;

[Collection(TorchCollection.Name)]
public sealed class RankingCommandsTests(TinyNetflixData data) : IClassFixture<TinyNetflixData>
{
    [Fact]
    public async Task TrainRanking_ThenEvaluateRankingAndRecommendJsonl_ListsWithoutTrainingMovies()
    {
        using var output = new TempFolder();
        string model = output.File("ranking.nmf");

        var train = await CliRun.RunAsync("train", "--data", data.Path, "--objective", "ranking", "--epochs", "3", "--factors", "8", "--save", model);

        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().MatchRegex(@"epoch 1/3  BPR loss \d\.\d{4}").And.Contain("most-popular baseline: Precision@10").And.Contain("ratio to the baseline");

        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", data.Path, "--ranking", "--top", "5");
        evaluate.ExitCode.Should().Be(0, evaluate.Error);
        evaluate.Output.Should().Contain("Precision@5").And.Contain("NDCG@5").And.Contain("MAP@5").And.Contain("HitRate@5").And.Contain("most-popular baseline");

        var recommend = await CliRun.RunAsync("recommend", "--model", model, "--users", "all", "--top", "4", "--exclude-rated", data.Path, "--format", "jsonl");
        recommend.ExitCode.Should().Be(0, recommend.Error);
        var lines = recommend.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCountGreaterThan(10);
        var rated = RatedMovies(data.Path);
        foreach (string line in lines)
        {
            using var json = JsonDocument.Parse(line);
            int user = json.RootElement.GetProperty("user").GetInt32();
            var movies = json.RootElement.GetProperty("movies").EnumerateArray().Select(m => m.GetInt32()).ToList();
            movies.Should().HaveCount(4).And.OnlyHaveUniqueItems();
            movies.Should().NotIntersectWith(rated.GetValueOrDefault(user) ?? []);
        }
    }

    [Fact]
    public async Task TrainPopularity_SavedAndUsedLikeAnyModel()
    {
        using var output = new TempFolder();
        string model = output.File("popularity.nmf");

        var train = await CliRun.RunAsync("train", "--data", data.Path, "--model", "popularity", "--save", model);
        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain("popularity baseline").And.Contain("model saved to");

        var recommend = await CliRun.RunAsync("recommend", "--model", model, "--users", "1,2", "--top", "3", "--format", "jsonl");
        recommend.ExitCode.Should().Be(0, recommend.Error);
        var lines = recommend.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[0][lines[0].IndexOf('[')..].Should().Be(lines[1][lines[1].IndexOf('[')..], "the most-popular list is the same for everyone");

        var evaluate = await CliRun.RunAsync("evaluate", "--model", model, "--data", data.Path, "--ranking", "--json");
        evaluate.ExitCode.Should().Be(0, evaluate.Error);
        using var json = JsonDocument.Parse(evaluate.Output);
        json.RootElement.GetProperty("ranking").GetProperty("precision").GetDouble()
            .Should().Be(json.RootElement.GetProperty("popularity").GetProperty("precision").GetDouble());
    }

    [Fact]
    public async Task TrainImplicit_PairFile_TrainsRankingModel()
    {
        using var output = new TempFolder();
        string pairs = output.File("pairs.csv");
        var random = new Random(3);
        File.WriteAllLines(pairs, ["user,item", .. Enumerable.Range(0, 600).Select(i => $"{1 + i % 40},{1 + random.Next(30)}")]);

        var train = await CliRun.RunAsync("train", "--data", pairs, "--implicit", "--epochs", "2", "--factors", "4");

        train.ExitCode.Should().Be(0, train.Error);
        train.Output.Should().Contain("BPR loss").And.Contain("relevant: rating ≥ 1");
    }

    [Fact]
    public async Task Recommend_BadUsersOrBothUserAndUsers_UsageError()
    {
        var bad = await CliRun.RunAsync("recommend", "--model", "x.nmf", "--users", "1,abc");
        var both = await CliRun.RunAsync("recommend", "--model", "x.nmf", "--user", "1", "--users", "all");

        both.ExitCode.Should().Be(2);
        both.Error.Should().Contain("exactly one of --user");
        bad.ExitCode.Should().Be(2);
        bad.Error.Should().Contain("'abc' is not a raw user id");
    }

    private static Dictionary<int, HashSet<int>> RatedMovies(string path)
    {
        var set = NetflixMf.Data.RatingDataLoader.Load(path).Ratings;
        var rated = new Dictionary<int, HashSet<int>>();
        for (int i = 0; i < set.Count; i++)
        {
            var r = set[i];
            if (!rated.TryGetValue(r.UserId, out var movies)) rated[r.UserId] = movies = [];
            movies.Add(r.MovieId);
        }
        return rated;
    }
}
