using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

/// <summary>Issue #12 item 3: a factor table over 2 GiB (Netflix size from k = 1,118) trains instead of crashing.</summary>
[Collection(TorchCollection.Name)]
public sealed unsafe class LargeTableTrainingTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Train_FusedKernelOnUserTableOver2GiB_UpdatesTheLastRows()
    {
        // 560,000 users x 1,024 factors x 4 bytes = 2.29 GB: past the 2 GiB reach of Tensor.bytes.
        const int users = 560_000, movies = 8, factors = 1024;
        var userIndices = new int[users];
        var movieIndices = new int[users];
        var ratings = new float[users];
        for (int i = 0; i < users; i++)
        {
            userIndices[i] = i;
            movieIndices[i] = i % movies;
            ratings[i] = 1 + (i % 5);
        }
        var set = new RatingSet(IdIndex.FromIds(Enumerable.Range(1, users)), IdIndex.FromIds(Enumerable.Range(1, movies)),
            userIndices, movieIndices, ratings, null, new RatingScale(1, 5));
        var options = new TrainerOptions { EmbeddingDimension = factors, Epochs = 1, Optimizer = OptimizerKind.Sgd, Threads = 2, EarlyStopping = null };

        using var model = new FactorizationTrainer(options).Train(set).Model;

        TensorMemory.ByteLength(model.Tables.UserFactors).Should().BeGreaterThan(int.MaxValue);
        model.Tables.UserBiases[users - 1].item<float>().Should().NotBe(0f, "the last user's rating was trained on");
        float prediction = model.Predict(users, movies);
        float.IsFinite(prediction).Should().BeTrue();
        model.Recommend(users, 3).Should().HaveCount(3);
    }
}
