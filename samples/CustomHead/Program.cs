// CustomHead: add your own interaction head, train it, save it and load it back.
// Usage: dotnet run --project samples/CustomHead -c Release
using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;
using TorchSharp;
using static TorchSharp.torch;

RatingSet ratings = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);
TrainTestSplit split = new RandomSplitter(testFraction: 0.1, seed: 7).Split(ratings);

HeadFactory bilinear = HeadFactory.Create("bilinear", context => new BilinearHead(context));
var options = new TrainerOptions
{
    Head = bilinear,
    Optimizer = OptimizerKind.Adam, // custom heads train through autograd
    EmbeddingDimension = 16,
    LearningRate = 0.01f,
    L2Regularization = 0.1f,
    InitialStandardDeviation = 0.1f,
    Epochs = 20,
    EarlyStopping = new EarlyStoppingOptions { ValidationFraction = 0.1, Patience = 2 }, // keeps the best epoch
};
using FactorizationModel model = new FactorizationTrainer(options).Fit(split.Train, split.Test,
    new Progress<EpochReport>(r => Console.WriteLine($"epoch {r.Epoch}: validation RMSE {r.ValidationRmse:F4}, test RMSE {r.TestRmse:F4}")));

string path = Path.Combine(Path.GetTempPath(), "bilinear.nmf");
model.Save(path);
using FactorizationModel loaded = FactorizationModel.Load(path, bilinear); // pass the factory to load a custom head
Rating first = ratings[split.Test.PositionAt(0)];
Console.WriteLine($"saved {model.Predict(first.UserId, first.MovieId):F4}, loaded {loaded.Predict(first.UserId, first.MovieId):F4}");

/// <summary>Scores a (user, movie) pair as p_u^T W q_i with a learned k x k matrix W.</summary>
internal sealed class BilinearHead : FactorizationHead
{
    private readonly TorchSharp.Modules.Bilinear interaction;

    public BilinearHead(HeadContext context) : base(nameof(BilinearHead))
    {
        interaction = nn.Bilinear(context.EmbeddingDimension, context.EmbeddingDimension, 1, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings) =>
        interaction.forward(userEmbeddings, movieEmbeddings).squeeze(1);
}
