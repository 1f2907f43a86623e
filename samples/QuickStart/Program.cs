// QuickStart: read Netflix Prize (or MovieLens) data, split, train, evaluate, predict, recommend, save and load.
// Usage: dotnet run --project samples/QuickStart -c Release [-- DATA_PATH]
using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;

string dataPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "netflixmf-quickstart");
if (args.Length == 0 && !Directory.Exists(dataPath))
{
    SyntheticNetflixGenerator.WriteFiles(dataPath, SyntheticDataOptions.Demo); // 1M ratings in Netflix format
}

RatingLoadResult loaded = RatingDataLoader.Load(dataPath);
RatingSet ratings = loaded.Ratings;
Console.WriteLine($"{ratings.Count:N0} ratings, {ratings.Users.Count:N0} users, {ratings.Movies.Count:N0} movies");

TrainTestSplit split = loaded.ProbePath is string probePath
    ? new ProbeSplitter(NetflixProbeReader.Read(probePath)).Split(ratings)
    : new RandomSplitter(testFraction: 0.1, seed: 42).Split(ratings);

var trainer = new FactorizationTrainer(); // the tuned defaults: biased dot product, fused CPU SGD
var progress = new Progress<EpochReport>(r => Console.WriteLine($"epoch {r.Epoch}: train RMSE {r.TrainRmse:F4}, test RMSE {r.TestRmse:F4}"));
using FactorizationModel model = trainer.Train(split.Train, split.Test, progress).Model;

ErrorMetrics errors = RatingMetrics.Evaluate(model, split.Test);
Console.WriteLine($"test RMSE {errors.Rmse:F4}, MAE {errors.Mae:F4}");

Rating first = ratings[split.Test.PositionAt(0)];
Console.WriteLine($"user {first.UserId} gave movie {first.MovieId} {first.Value}; predicted {model.Predict(first.UserId, first.MovieId):F2}");
IReadOnlySet<int> alreadyRated = split.Train.GetRatedMovieIds(first.UserId);
foreach (Recommendation r in model.Recommend(first.UserId, count: 5, excludeMovieIds: alreadyRated))
{
    Console.WriteLine($"  recommend movie {r.MovieId} ({r.PredictedRating:F2})");
}

string modelPath = Path.Combine(Path.GetTempPath(), "quickstart.nmf");
model.Save(modelPath);
using FactorizationModel reloaded = FactorizationModel.Load(modelPath);
Console.WriteLine($"reloaded model predicts {reloaded.Predict(first.UserId, first.MovieId):F2}");

// A new user, folded into the trained model from a few ratings (the movie factors stay fixed).
FoldedInUser newcomer = model.FoldInUser([(first.MovieId, 5f), (ratings[1].MovieId, 1f)]);
IReadOnlyList<Recommendation> forNewcomer = model.Recommend(newcomer, count: 3);
Console.WriteLine($"a new user gets {string.Join(", ", forNewcomer.Select(r => r.MovieId))}; movie bias of {first.MovieId}: {model.GetMovieBias(first.MovieId):F3}");

// The options a model was trained with travel in its file.
TrainerOptions? trainedWith = TrainerOptions.FromModel(reloaded);
Console.WriteLine($"reloaded model was trained for {trainedWith?.Epochs} epochs at k = {trainedWith?.EmbeddingDimension}");
