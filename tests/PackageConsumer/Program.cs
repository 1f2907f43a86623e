using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Evaluation;
using NetflixMf.Models;
using NetflixMf.Splitting;
using NetflixMf.Training;

RatingSet ratings = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);
TrainTestSplit split = new RandomSplitter(0.1, seed: 1).Split(ratings);
using FactorizationModel model = new FactorizationTrainer(new TrainerOptions { Epochs = 20 }).Fit(split.Train);
double rmse = RatingMetrics.Evaluate(model, split.Test).Rmse;
Rating first = ratings[0];
Console.WriteLine($"consumer: test RMSE {rmse:F4}, predict({first.UserId},{first.MovieId}) = {model.Predict(first.UserId, first.MovieId):F3}");
return rmse is > 0 and < 1.2 ? 0 : 1;
