using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Tests.Training;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class BaselineRecommenderTests
{
    // Movie 30 has three ratings, movie 10 two, movie 20 one (a 5); user 1 rated 10 and 30.
    private static readonly RatingSet Small = RatingSet.FromRatings(
        [(1, 10, 4f), (2, 10, 2f), (1, 30, 3f), (2, 30, 3f), (3, 30, 3f), (3, 20, 5f)], RatingScale.Netflix);

    [Fact]
    public void Popularity_Recommend_MostRatedFirstWithoutExcluded()
    {
        using var model = PopularityRecommender.Fit(Small);

        model.Recommend(9, 3).Select(r => r.MovieId).Should().Equal(30, 10, 20);
        model.Recommend(1, 2, new HashSet<int> { 30, 10 }).Select(r => r.MovieId).Should().Equal(20);
        model.RatingCounts.ToArray().Should().Equal(2, 1, 3);
    }

    [Fact]
    public void Popularity_Predict_ShrunkMovieMean()
    {
        using var model = PopularityRecommender.Fit(Small);
        float mean = 20f / 6;
        // (sum + 10 mu) / (n + 10) for movie 20: (5 + 10 mu) / 11.
        model.Predict(1, 20).Should().BeApproximately((5 + 10 * mean) / 11, 1e-5f);
        model.PredictDetailed(99, 77).Basis.Should().Be(PredictionBasis.UnknownUserAndMovie);
    }

    [Fact]
    public void Bias_Fit_MatchesClosedForm()
    {
        using var model = BiasRecommender.Fit(Small);
        float mu = 20f / 6;
        float b20 = (5 - mu) / (BiasRecommender.MovieShrinkage + 1);
        float b10 = (4 - mu + 2 - mu) / (BiasRecommender.MovieShrinkage + 2);
        float b30 = 3 * (3 - mu) / (BiasRecommender.MovieShrinkage + 3);
        float b3 = (3 - mu - b30 + 5 - mu - b20) / (BiasRecommender.UserShrinkage + 2);

        model.Predict(3, 20).Should().BeApproximately(mu + b3 + b20, 1e-5f);
        model.Recommend(3, 3).Select(r => r.MovieId).Should().Equal(new[] { (20, b20), (10, b10), (30, b30) }.OrderByDescending(x => x.Item2).Select(x => x.Item1));
    }

    [Fact]
    public void RecommenderFile_SavedBaselinesAndRankingModel_LoadAsTheRightKindWithSameLists()
    {
        using var folder = new TempFolder();
        var data = PlantedPreferences.Create(users: 80);
        using var popularity = PopularityRecommender.Fit(data.Train);
        using var bias = BiasRecommender.Fit(data.Train);
        using var ranking = new FactorizationTrainer(TrainerOptions.ForRanking() with { Epochs = 3, EmbeddingDimension = 8 }).Train(data.Train).Model;
        popularity.Save(Path.Combine(folder.Path, "popularity.model"));
        bias.Save(Path.Combine(folder.Path, "bias.model"));
        ranking.Save(Path.Combine(folder.Path, "ranking.model"));

        using var popularityLoaded = RecommenderFile.Load(Path.Combine(folder.Path, "popularity.model"));
        using var biasLoaded = RecommenderFile.Load(Path.Combine(folder.Path, "bias.model"));
        using var rankingLoaded = RecommenderFile.Load(Path.Combine(folder.Path, "ranking.model"));

        popularityLoaded.Should().BeOfType<PopularityRecommender>();
        biasLoaded.Should().BeOfType<BiasRecommender>();
        rankingLoaded.Should().BeOfType<FactorizationModel>().Which.TrainingOptions.Should().Contain("Ranking");
        foreach (int user in new[] { 1, 2, 50, 999 })
        {
            popularityLoaded.Recommend(user, 10).Should().Equal(popularity.Recommend(user, 10));
            biasLoaded.Recommend(user, 10).Should().Equal(bias.Recommend(user, 10));
            rankingLoaded.Recommend(user, 10).Should().Equal(ranking.Recommend(user, 10));
            biasLoaded.Predict(user, 5).Should().Be(bias.Predict(user, 5));
        }
    }

    [Fact]
    public void RecommenderFile_DamagedOrForeignFile_ThrowsInvalidData()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bias.model");
        using (var bias = BiasRecommender.Fit(Small)) bias.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^12] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        string foreign = folder.Write("notes.txt", "hello, not a model");

        FluentActions.Invoking(() => RecommenderFile.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*checksum*");
        FluentActions.Invoking(() => RecommenderFile.Load(foreign)).Should().Throw<InvalidDataException>().WithMessage("*not a NetflixMf model file*");
        FluentActions.Invoking(() => BiasRecommender.Load(path[..^5] + "missing")).Should().Throw<FileNotFoundException>();
    }
}
