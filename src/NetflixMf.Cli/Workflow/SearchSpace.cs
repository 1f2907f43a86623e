using System.Globalization;
using NetflixMf.Training;

namespace NetflixMf.Cli.Workflow;

/// <summary>One tunable trainer option and the values <c>tune --param NAME=VALUES</c> gives it: a list, or a range for random search.</summary>
internal sealed record SearchParameter(string Name, bool IsInteger, IReadOnlyList<double> Values, double Low, double High)
{
    public bool IsRange => Values.Count == 0;

    /// <summary>"factors", "learning-rate", ... with the TrainerOptions property each sets.</summary>
    private static readonly (string Flag, string Property, bool Integer)[] Known =
    [
        ("factors", nameof(TrainerOptions.EmbeddingDimension), true),
        ("epochs", nameof(TrainerOptions.Epochs), true),
        ("batch-size", nameof(TrainerOptions.BatchSize), true),
        ("learning-rate", nameof(TrainerOptions.LearningRate), false),
        ("l2", nameof(TrainerOptions.L2Regularization), false),
        ("bias-l2", nameof(TrainerOptions.BiasL2Regularization), false),
        ("decay", nameof(TrainerOptions.LearningRateDecay), false),
        ("init-std", nameof(TrainerOptions.InitialStandardDeviation), false),
    ];

    public static string Names => string.Join(", ", Known.Select(k => k.Flag));

    /// <summary>Parses NAME=A,B,C (a list) or NAME=LOW..HIGH (a range, for --random); NAME is a flag name or the TrainerOptions property.</summary>
    public static bool TryParse(string text, out SearchParameter? parameter, out string error)
    {
        parameter = null;
        error = string.Empty;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            error = $"--param '{text}' must look like NAME=A,B,C or NAME=LOW..HIGH.";
            return false;
        }
        string name = text[..equals].Trim();
        var known = Known.FirstOrDefault(k => k.Flag.Equals(name, StringComparison.OrdinalIgnoreCase) || k.Property.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (known.Flag is null)
        {
            error = $"--param '{name}' is not a tunable option; use one of {Names}.";
            return false;
        }
        string values = text[(equals + 1)..];
        int dots = values.IndexOf("..", StringComparison.Ordinal);
        if (dots >= 0)
        {
            if (!TryNumber(values[..dots], out double low) || !TryNumber(values[(dots + 2)..], out double high) || !(low < high))
            {
                error = $"--param {known.Flag}: the range '{values}' must be LOW..HIGH with LOW < HIGH.";
                return false;
            }
            parameter = new SearchParameter(known.Flag, known.Integer, [], low, high);
            return true;
        }
        var list = new List<double>();
        foreach (string item in values.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryNumber(item, out double value) || (known.Integer && value != Math.Round(value)))
            {
                error = $"--param {known.Flag}: '{item}' is not {(known.Integer ? "an integer" : "a number")}.";
                return false;
            }
            list.Add(value);
        }
        parameter = new SearchParameter(known.Flag, known.Integer, list.Distinct().ToList(), 0, 0);
        return true;
    }

    /// <summary>Sets this option to <paramref name="value"/>.</summary>
    public TrainerOptions Apply(TrainerOptions options, double value) => Name switch
    {
        "factors" => options with { EmbeddingDimension = (int)value },
        "epochs" => options with { Epochs = (int)value },
        "batch-size" => options with { BatchSize = (int)value },
        "learning-rate" => options with { LearningRate = (float)value },
        "l2" => options with { L2Regularization = (float)value },
        "bias-l2" => options with { BiasL2Regularization = (float)value },
        "decay" => options with { LearningRateDecay = (float)value },
        "init-std" => options with { InitialStandardDeviation = (float)value },
        _ => throw new InvalidOperationException($"Unknown parameter {Name}."),
    };

    /// <summary>A random value: uniform over a list; over a range, log-uniform when it is positive (rates and penalties span decades), else uniform.</summary>
    public double Sample(Random random)
    {
        if (!IsRange) return Values[random.Next(Values.Count)];
        double value = Low > 0 ? Math.Exp(Math.Log(Low) + random.NextDouble() * (Math.Log(High) - Math.Log(Low))) : Low + random.NextDouble() * (High - Low);
        return IsInteger ? Math.Round(value) : Math.Round(value, 6);
    }

    public string Format(double value) => value.ToString(IsInteger ? "0" : "G6", CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}

/// <summary>The candidates of a search: the full grid of lists, or random draws from lists and ranges.</summary>
internal static class SearchSpace
{
    public const int MaxCandidates = 1000;

    /// <summary>Every combination of the listed values, first parameter slowest.</summary>
    public static List<IReadOnlyList<double>> Grid(IReadOnlyList<SearchParameter> parameters)
    {
        var range = parameters.FirstOrDefault(p => p.IsRange);
        if (range is not null) throw CliException.Usage($"--param {range.Name}: a LOW..HIGH range needs --random N (a grid needs lists).");
        long count = parameters.Aggregate(1L, (n, p) => n * p.Values.Count);
        if (count > MaxCandidates) throw CliException.Usage($"the grid has {count:N0} combinations; at most {MaxCandidates:N0} (use --random N to sample it).");
        var candidates = new List<IReadOnlyList<double>> { Array.Empty<double>() };
        foreach (var parameter in parameters)
        {
            candidates = [.. candidates.SelectMany(c => parameter.Values.Select(v => (IReadOnlyList<double>)[.. c, v]))];
        }
        return candidates;
    }

    /// <summary><paramref name="count"/> seeded random draws.</summary>
    public static List<IReadOnlyList<double>> Random(IReadOnlyList<SearchParameter> parameters, int count, int seed)
    {
        if (count > MaxCandidates) throw CliException.Usage($"--random {count}: at most {MaxCandidates:N0} candidates.");
        var random = new Random(seed);
        var candidates = new List<IReadOnlyList<double>>(count);
        for (int i = 0; i < count; i++) candidates.Add([.. parameters.Select(p => p.Sample(random))]);
        return candidates;
    }
}
