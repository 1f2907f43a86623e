using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Models;
using NetflixMf.Tests.Training;
using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

public sealed class SvdPlusPlusModelTests
{
    [Fact]
    public void SaveLoad_TrainedWithTimeBiases_PredictsBitForBitTheSame()
    {
        var set = PrizeTestData.Dated();
        using var model = new SvdPlusPlusTrainer(new SvdPlusPlusOptions { EmbeddingDimension = 8, Epochs = 3, TimeBiases = true }).Train(set.All()).Model;
        using var folder = new TempFolder();
        string path = System.IO.Path.Combine(folder.Path, "svdpp.nmf");
        model.Save(path);
        using var loaded = SvdPlusPlusModel.Load(path);
        using var viaKind = RecommenderFile.Load(path);

        viaKind.Should().BeOfType<SvdPlusPlusModel>();
        loaded.HasTimeBiases.Should().BeTrue();
        loaded.HasImplicitFeedback.Should().BeTrue();
        loaded.TrainingOptions.Should().Be(model.TrainingOptions);
        for (int i = 0; i < set.Count; i += 7)
        {
            var r = set[i];
            int day = RatingSet.ToDayNumber(r.Date!.Value);
            loaded.PredictOn(r.UserId, r.MovieId, day).Should().Be(model.PredictOn(r.UserId, r.MovieId, day));
            loaded.Predict(r.UserId, r.MovieId).Should().Be(model.Predict(r.UserId, r.MovieId));
            viaKind.Predict(r.UserId, r.MovieId).Should().Be(model.Predict(r.UserId, r.MovieId));
        }
        loaded.Parameters.Time!.UserDayBiases.Should().Equal(model.Parameters.Time!.UserDayBiases);
        loaded.Parameters.UserFactors.Should().Equal(model.Parameters.UserFactors);
    }

    [Fact]
    public void Load_CorruptFile_ThrowsInvalidDataException()
    {
        var set = PrizeTestData.Dated(users: 20, movies: 10, perUser: 5);
        using var model = new SvdPlusPlusTrainer(new SvdPlusPlusOptions { EmbeddingDimension = 4, Epochs = 1 }).Train(set.All()).Model;
        using var stream = new MemoryStream();
        model.Save(stream);
        byte[] bytes = stream.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        using var folder = new TempFolder();
        string path = folder.WriteBytes("bad.nmf", bytes);
        var act = () => SvdPlusPlusModel.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
        var truncated = () => RecommenderFile.Load(folder.WriteBytes("short.nmf", bytes[..20]));
        truncated.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void PredictOn_DatesOutsideTraining_FallBackToNearestBinAndNoDayBias()
    {
        // One user (id 5), one movie (id 9); day biases on days 100 and 110; bins of 6 days from day 100.
        var time = new TimeBiasTables(0.4f, 100, 6, 2, [105f], [0.01f], [0, 2], [100, 110], [0.2f, -0.3f], [0.05f, -0.07f]);
        var parameters = new SvdPlusPlusParameters(1, 3f, [0.1f], [0.2f], [0.5f], [0.4f], time);
        using var model = new SvdPlusPlusModel(parameters, IdIndex.FromIds([5]), IdIndex.FromIds([9]), RatingScale.Netflix, false, "");
        float baseline = 3f + 0.1f + 0.2f + 0.5f * 0.4f;
        float Drift(int day) => 0.01f * TimeBiasTables.Deviation(day, 105f, 0.4f);

        model.PredictOn(5, 9, 100).Should().BeApproximately(baseline + Drift(100) + 0.2f + 0.05f, 1e-6f);
        model.PredictOn(5, 9, 110).Should().BeApproximately(baseline + Drift(110) - 0.3f - 0.07f, 1e-6f);
        model.PredictOn(5, 9, 50).Should().BeApproximately(baseline + Drift(50) + 0.05f, 1e-6f, "before training: first bin, no day bias");
        model.PredictOn(5, 9, 900).Should().BeApproximately(baseline + Drift(900) - 0.07f, 1e-6f, "after training: last bin, no day bias");
        model.Predict(5, 9).Should().BeApproximately(baseline + 0.05f, 1e-6f, "without a date: as of the user's mean day 105 (bin 0 covers days 100..105), no drift, no day bias");
        model.PredictOn(77, 9, 100).Should().BeApproximately(3f + 0.2f + 0.05f, 1e-6f, "an unknown user gets the movie's bias at that date");
    }

    [Fact]
    public void Recommend_CountFarAboveTheCatalogue_ReturnsTheCatalogueBestFirstWithoutExclusions()
    {
        var set = PrizeTestData.Dated();
        using var model = new SvdPlusPlusTrainer(new SvdPlusPlusOptions { EmbeddingDimension = 4, Epochs = 1 }).Train(set.All()).Model;
        int user = set[0].UserId;
        int excluded = set[0].MovieId;

        var all = model.Recommend(user, int.MaxValue, new HashSet<int> { excluded });

        all.Should().HaveCount(model.Movies.Count - 1);
        all.Select(r => r.MovieId).Should().NotContain(excluded);
        all.Select(r => r.PredictedRating).Should().BeInDescendingOrder();
        all.Select(r => r.PredictedRating).Should().Equal(all.Select(r => model.Predict(user, r.MovieId)));
    }
}
