using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;

RatingSet ratings = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);
TrainTestSplit split = new RandomSplitter(0.1, seed: 1).Split(ratings);
using FactorizationModel model = new FactorizationTrainer(new TrainerOptions { Epochs = 20 }).Train(split.Train).Model;
double rmse = RatingMetrics.Evaluate(model, split.Test).Rmse;
Rating first = ratings[0];
Console.WriteLine($"consumer: test RMSE {rmse:F4}, predict({first.UserId},{first.MovieId}) = {model.Predict(first.UserId, first.MovieId):F3}");
// The open model and the stored options are part of the package's API too.
FoldedInUser newcomer = model.FoldInUser([(first.MovieId, 5f)]);
bool optionsStored = TrainerOptions.FromModel(model)?.Epochs == 20;
Console.WriteLine($"consumer: a new user's top movie {model.Recommend(newcomer, 1)[0].MovieId}, options stored: {optionsStored}");
return rmse is > 0 and < 1.2 && optionsStored ? 0 : 1;
