using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Tests.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerOptionsJsonTests
{
    [Fact]
    public void FromJson_ToJson_RoundTripsEveryOption()
    {
        var options = new TrainerOptions
        {
            EmbeddingDimension = 17,
            Epochs = 3,
            LearningRate = 0.0125f,
            L2Regularization = 0.07f,
            BiasL2Regularization = 0.011f,
            Optimizer = OptimizerKind.Adam,
            LearningRateDecay = 0.9f,
            Seed = 9,
            Threads = 2,
            LimitNativeHeapGrowth = false,
            EarlyStopping = new EarlyStoppingOptions { Patience = 3, ValidationFraction = 0.1 },
        };
        var back = TrainerOptions.FromJson(options.ToJson());
        back.Should().Be(options);
        back.ToJson().Should().Contain("\"Optimizer\": \"Adam\"");
    }

    [Fact]
    public void FromJson_MlpHead_RebuildsTheBuiltInFactory()
    {
        var options = TrainerOptions.ForMlpHead(new MlpHeadOptions { HiddenLayers = [8, 4], Dropout = 0.25f });
        var back = TrainerOptions.FromJson(options.ToJson());
        back.Head!.Name.Should().Be(options.Head!.Name);
        back.ToJson().Should().Be(options.ToJson());
    }

    [Fact]
    public void FromJson_PartialObject_KeepsDefaults()
    {
        var options = TrainerOptions.FromJson("""{ "Epochs": 5 }""");
        options.Should().Be(new TrainerOptions { Epochs = 5 });
    }

    [Theory]
    [InlineData("""{ "Epoch": 5 }""", "*Epoch*")]
    [InlineData("""{ "Epochs": "five" }""", "*Epochs*")]
    [InlineData("[1, 2]", "*invalid*")]
    public void FromJson_BadText_ThrowsFormatNamingTheProblem(string json, string message)
    {
        var act = () => TrainerOptions.FromJson(json);
        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void FromJson_OutOfRange_ThrowsNamingTheOption()
    {
        var act = () => TrainerOptions.FromJson("""{ "Epochs": 0 }""");
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*TrainerOptions.Epochs*");
    }

    [Fact]
    public void FromJson_CustomHeadWithoutFactory_ThrowsNamingIt()
    {
        string json = new TrainerOptions { Head = GatedHead.Factory }.ToJson();
        var act = () => TrainerOptions.FromJson(json);
        act.Should().Throw<InvalidOperationException>().WithMessage("*'gated'*");
        TrainerOptions.FromJson(json, GatedHead.Factory).Head.Should().BeSameAs(GatedHead.Factory);
    }

    [Fact]
    public void FromModel_AfterSaveAndLoad_ReturnsTheTrainedOptions()
    {
        var data = RatingSet.FromRatings([(1, 1, 3f), (2, 1, 4f), (1, 2, 5f), (2, 2, 1f)], RatingScale.Netflix);
        var options = new TrainerOptions { Epochs = 2, EmbeddingDimension = 3, L2Regularization = 0.05f, Threads = 1 };
        using var model = new FactorizationTrainer(options).Train(data).Model;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        using var loaded = FactorizationModel.Load(stream);

        TrainerOptions.FromModel(model).Should().Be(options);
        TrainerOptions.FromModel(loaded).Should().Be(options);
    }
}
