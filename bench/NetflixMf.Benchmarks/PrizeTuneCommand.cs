using System.Globalization;
using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Training;

/// <summary>prize-tune --train FILE --test FILE [--set Name=Value,...]: trains SvdPlusPlusOptions with overrides and prints test RMSE per epoch checkpoint.</summary>
internal static class PrizeTuneCommand
{
    public static int Run(NamedArguments arguments)
    {
        var train = RatingDataLoader.Load(arguments.Get("train") ?? throw new ArgumentException("--train FILE")).Ratings;
        var test = RatingDataLoader.Load(arguments.Get("test") ?? throw new ArgumentException("--test FILE")).Ratings;
        var options = Apply(new SvdPlusPlusOptions(), arguments.Get("set"));
        var result = new SvdPlusPlusTrainer(options).Train(train.All(), test.All());
        foreach (var r in result.Reports.Where(r => r.Epoch % 10 == 0 || r.Epoch == 1)) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch} train {r.TrainRmse:F4} test {r.TestRmse:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"final test RMSE {RatingMetrics.Evaluate(result.Model, test.All()).Rmse:F4}"));
        return 0;
    }

    /// <summary>Applies "Name=Value,Name=Value" overrides to the options by reflection (bench only).</summary>
    public static SvdPlusPlusOptions Apply(SvdPlusPlusOptions options, string? settings)
    {
        if (string.IsNullOrEmpty(settings)) return options;
        foreach (string pair in settings.Split(','))
        {
            var (name, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            var property = typeof(SvdPlusPlusOptions).GetProperty(name) ?? throw new ArgumentException($"No option {name}.");
            object converted = Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture);
            options = options with { };
            property.SetValue(options, converted);
        }
        return options;
    }
}
