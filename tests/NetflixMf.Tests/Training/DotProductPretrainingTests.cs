using NetflixMf.Models;
using NetflixMf.Tests.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class DotProductPretrainingTests
{
    private static readonly SyntheticRatings Data = SyntheticRatings.Create();
    private static readonly TrainerOptions Dot = new() { EmbeddingDimension = 8, Seed = 3, Threads = 1 };
    private static readonly TrainerOptions NeuMf = TrainerOptions.ForNeuMfHead(new NeuMfHeadOptions { MlpEmbeddingDimension = 4, HiddenLayers = [8] }) with
    {
        EmbeddingDimension = 8,
        Seed = 3,
        Threads = 1,
        BatchSize = 256,
    };

    [Fact]
    public void ForNeuMfAndMlpHead_Defaults_PretrainWithDotProduct()
    {
        TrainerOptions.ForNeuMfHead().PretrainWithDotProduct.Should().BeTrue();
        TrainerOptions.ForMlpHead().PretrainWithDotProduct.Should().BeTrue();
        new TrainerOptions().PretrainWithDotProduct.Should().BeFalse();
    }

    [Fact]
    public void Fit_NeuMfPretrained_StartsAtDotModelPredictions()
    {
        // One fine-tuning epoch with a negligible step: the model is the pretrained start.
        var options = NeuMf with { EarlyStopping = null, Epochs = 1, LearningRate = 1e-9f };
        using var dot = new FactorizationTrainer(Dot).Train(Data.Train).Model;
        using var neuMf = new FactorizationTrainer(options).Train(Data.Train).Model;
        neuMf.HeadName.Should().StartWith("neumf");
        AssertSamePredictions(neuMf, dot, 1e-4);
    }

    [Fact]
    public void Fit_NeuMfWithoutPretraining_DiffersFromDot()
    {
        // The same options without pretraining start from noise: the test above can fail.
        var options = NeuMf with { EarlyStopping = null, Epochs = 1, LearningRate = 1e-9f, PretrainWithDotProduct = false };
        using var dot = new FactorizationTrainer(Dot).Train(Data.Train).Model;
        using var neuMf = new FactorizationTrainer(options).Train(Data.Train).Model;
        MaxDifference(neuMf, dot).Should().BeGreaterThan(1e-2);
    }

    [Fact]
    public void Fit_MlpPretrained_EmbeddingsStartAtDotModelTables()
    {
        // The MLP head cannot score as the dot product, but its embeddings and biases start as the dot product's.
        var options = TrainerOptions.ForMlpHead(new MlpHeadOptions { HiddenLayers = [8] }) with
        {
            EmbeddingDimension = 8,
            Seed = 3,
            Threads = 1,
            BatchSize = 256,
            EarlyStopping = null,
            Epochs = 1,
            LearningRate = 1e-9f,
        };
        using var dot = new FactorizationTrainer(Dot).Train(Data.Train).Model;
        using var mlp = new FactorizationTrainer(options).Train(Data.Train).Model;
        using var scope = TorchSharp.torch.NewDisposeScope();
        mlp.Tables.UserFactors.sub(dot.Tables.UserFactors).abs().max().item<float>().Should().BeLessThan(1e-4f);
        mlp.Tables.MovieFactors.sub(dot.Tables.MovieFactors).abs().max().item<float>().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void Train_FineTuningWorseOnValidation_ReturnsDotTrainedOnAllRatings()
    {
        // A step this large makes every fine-tuning epoch worse than the start on validation.
        var options = NeuMf with { EarlyStopping = new EarlyStoppingOptions { ValidationFraction = 0.2, Patience = 1 }, Epochs = 5, LearningRate = 0.5f };
        var result = new FactorizationTrainer(options).Train(Data.Train, Data.Test);
        using var neuMf = result.Model;
        using var dot = new FactorizationTrainer(Dot).Train(Data.Train).Model;
        result.BestEpoch.Should().Be(0);
        result.StoppedEarly.Should().BeTrue();
        AssertSamePredictions(neuMf, dot, 1e-4);
    }

    private static void AssertSamePredictions(FactorizationModel model, FactorizationModel expected, double tolerance) =>
        MaxDifference(model, expected).Should().BeLessThan(tolerance);

    private static double MaxDifference(FactorizationModel model, FactorizationModel other)
    {
        double max = 0;
        var set = Data.Test.Source;
        for (int i = 0; i < Data.Test.Count; i++)
        {
            int p = Data.Test.PositionAt(i);
            int user = set.Users.GetId(set.UserIndices[p]);
            int movie = set.Movies.GetId(set.MovieIndices[p]);
            max = Math.Max(max, Math.Abs(model.Predict(user, movie) - other.Predict(user, movie)));
        }
        return max;
    }
}
