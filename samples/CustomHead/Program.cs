// CustomHead: add your own interaction heads, train them, save them and load them back.
// Usage: dotnet run --project samples/CustomHead -c Release [-- TRAIN_FILE TEST_FILE]
// (for example the MovieLens 100K fold u1.base u1.test; without arguments it uses a small generated data set)
using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;
using static TorchSharp.torch;

RatingView train, test;
if (args.Length == 2)
{
    train = RatingDataLoader.Load(args[0]).Ratings.All();
    test = RatingDataLoader.Load(args[1]).Ratings.All();
}
else
{
    RatingSet ratings = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);
    TrainTestSplit split = new RandomSplitter(testFraction: 0.1, seed: 7).Split(ratings);
    (train, test) = (split.Train, split.Test);
}

HeadFactory bilinear = HeadFactory.Create("bilinear", context => new BilinearHead(context));
TrainerOptions options = TrainerOptions.ForCustomHead(bilinear); // Adam, early stopping, head weight decay
TrainingResult result = new FactorizationTrainer(options).Train(train, test,
    new Progress<EpochReport>(r => Console.WriteLine($"epoch {r.Epoch}: validation RMSE {r.ValidationRmse:F4}, test RMSE {r.TestRmse:F4}")));
using FactorizationModel model = result.Model; // holds the best epoch's weights
Console.WriteLine($"bilinear: best epoch {result.BestEpoch}, test {RatingMetrics.Evaluate(model, test)}");

string path = Path.Combine(Path.GetTempPath(), "bilinear.nmf");
model.Save(path);
using FactorizationModel loaded = FactorizationModel.Load(path, bilinear); // pass the factory to load a custom head
Rating first = test.Source[test.PositionAt(0)];
Console.WriteLine($"saved {model.Predict(first.UserId, first.MovieId):F4}, loaded {loaded.Predict(first.UserId, first.MovieId):F4}");

HeadFactory taste = HeadFactory.Create("taste", context => new TasteHead(context));
using FactorizationModel tasteModel = new FactorizationTrainer(TrainerOptions.ForCustomHead(taste)).Train(train, test).Model;
Console.WriteLine($"taste: test {RatingMetrics.Evaluate(tasteModel, test)}");

/// <summary>Scores a (user, movie) pair as p_u^T W q_i with a learned k x k matrix W.</summary>
internal sealed class BilinearHead : FactorizationHead
{
    private readonly TorchSharp.Modules.Bilinear _interaction;

    public BilinearHead(HeadContext context) : base(nameof(BilinearHead))
    {
        _interaction = nn.Bilinear(context.EmbeddingDimension, context.EmbeddingDimension, 1, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings) =>
        _interaction.call(userEmbeddings, movieEmbeddings).squeeze(1);
}

/// <summary>The dot product with a second, sparse per-user "taste" vector of the head's own: (p_u + t_u) . q_i.</summary>
internal sealed class TasteHead : FactorizationHead
{
    public TasteHead(HeadContext context) : base(nameof(TasteHead), context)
    {
        AddUserTable("taste", context.EmbeddingDimension, initialStandardDeviation: 0); // one row per user, saved with the model
        RegisterComponents();
    }

    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings) =>
        userEmbeddings.add(UserRows("taste")).mul(movieEmbeddings).sum(1);

    public override Tensor? Penalty() => UserRows("taste").abs().sum().mul(0.05); // L1 on the batch's taste rows, added to the loss
}
