using System.Diagnostics;
using NetflixMf.Evaluation;
using NetflixMf.Splitting;
using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>The scores of one fold: test RMSE and MAE of a model trained on the other folds, and its fit time.</summary>
internal sealed record FoldScore(int Fold, double Rmse, double Mae, double FitSeconds);

/// <summary>The fold scores of one set of options, with their mean and (population) standard deviation, as Surprise's cross_validate reports them.</summary>
internal sealed record CrossValidationResult(IReadOnlyList<FoldScore> Folds)
{
    public double MeanRmse => Folds.Average(f => f.Rmse);

    public double StdRmse => Std(Folds.Select(f => f.Rmse));

    public double MeanMae => Folds.Average(f => f.Mae);

    public double StdMae => Std(Folds.Select(f => f.Mae));

    public double MeanFitSeconds => Folds.Average(f => f.FitSeconds);

    private static double Std(IEnumerable<double> values)
    {
        double[] v = [.. values];
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}

/// <summary>Trains and scores one set of options on each of a list of splits (k folds, or one hold-out).</summary>
internal static class CrossValidation
{
    /// <summary>Trains on each split's training view and scores its test view; <paramref name="onFold"/> sees each fold as it finishes.</summary>
    /// <exception cref="TrainingDivergedException">Training diverged on a fold.</exception>
    public static CrossValidationResult Run(TrainerOptions options, IReadOnlyList<TrainTestSplit> splits, Action<FoldScore>? onFold, CancellationToken cancellationToken)
    {
        var scores = new List<FoldScore>(splits.Count);
        var trainer = new FactorizationTrainer(options);
        for (int i = 0; i < splits.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            using var model = trainer.Train(splits[i].Train, cancellationToken: cancellationToken).Model;
            double fitSeconds = clock.Elapsed.TotalSeconds;
            ErrorMetrics metrics = RatingMetrics.Evaluate(model, splits[i].Test, cancellationToken: cancellationToken);
            var score = new FoldScore(i + 1, metrics.Rmse, metrics.Mae, fitSeconds);
            scores.Add(score);
            onFold?.Invoke(score);
        }
        return new CrossValidationResult(scores);
    }
}
