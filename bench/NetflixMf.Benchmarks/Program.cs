using System.Diagnostics;
using System.Globalization;
using NetflixMf.Data.Synthetic;

// NetflixMf benchmarks. Never run by the tests; each command prints its timings.
//   generate --out DIR [--ratings N] [--users N] [--movies N] [--seed S] [--preset tiny|demo|netflix]
//   split    [--ratings N] [--seed S]          times the splitters on an in-memory synthetic set
//   train-speed --model naive|dot|adam|mlp [--threads N] [--epochs N] [--factors K] [--ratings N] [--batch N]
//                                              10M-rating Netflix-shaped set in memory, ratings/s and RSS per epoch
//   load     --data DIR [--cache FILE] [--keep-cache yes]   times loading, cache save/reload, random and probe splits
//   reload   --cache FILE                      times RatingSetCache.Load of a saved cache in a fresh process
//   prize-tune --train FILE --test FILE [--set Name=Value,...]   SVD++ options on one train/test pair (tuning)
//   prize-scale [--ratings N] [--factors K] [--epochs N] [--threads T] [--time yes]   Netflix-scale dot vs SVD++ epochs, memory, 2.8M-pair prediction
return args.Length == 0 ? Usage() : args[0] switch
{
    "generate" => Commands.Generate(Arguments.Parse(args[1..])),
    "split" => Commands.Split(Arguments.Parse(args[1..])),
    "train-speed" => SpeedCommands.TrainSpeed(Arguments.Parse(args[1..])),
    "load" => SpeedCommands.Load(Arguments.Parse(args[1..])),
    "reload" => SpeedCommands.Reload(Arguments.Parse(args[1..])),
    "prize-tune" => PrizeTuneCommand.Run(Arguments.Parse(args[1..])),
    "prize-scale" => PrizeScaleCommand.Run(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: NetflixMf.Benchmarks generate --out DIR [--preset tiny|demo|netflix] [--ratings N] [--users N] [--movies N] [--seed S]");
    Console.Error.WriteLine("       NetflixMf.Benchmarks split [--preset tiny|demo|netflix] [--ratings N] [--seed S]");
    Console.Error.WriteLine("       NetflixMf.Benchmarks train-speed --model naive|dot|adam|mlp [--threads N] [--epochs N] [--factors K] [--ratings N] [--batch N]");
    Console.Error.WriteLine("       NetflixMf.Benchmarks load --data DIR [--cache FILE] [--keep-cache yes]");
    Console.Error.WriteLine("       NetflixMf.Benchmarks reload --cache FILE");
    return 2;
}

/// <summary>"--name value" pairs.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static Arguments Parse(string[] args)
    {
        var result = new Arguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            result._values[args[i][2..]] = args[++i];
        }
        return result;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public int? GetInt(string name) => Get(name) is { } text ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    /// <summary>The preset (default: Netflix scale) with any --ratings/--users/--movies/--seed overrides.</summary>
    public SyntheticDataOptions Options()
    {
        var options = (Get("preset") ?? "netflix").ToLowerInvariant() switch
        {
            "tiny" => SyntheticDataOptions.Tiny,
            "demo" => SyntheticDataOptions.Demo,
            "netflix" => SyntheticDataOptions.NetflixScale,
            var other => throw new ArgumentException($"Unknown preset '{other}' (tiny, demo, netflix)."),
        };
        return options with
        {
            Ratings = GetInt("ratings") ?? options.Ratings,
            Users = GetInt("users") ?? options.Users,
            Movies = GetInt("movies") ?? options.Movies,
            Seed = GetInt("seed") ?? options.Seed,
        };
    }
}

internal static class Commands
{
    public static int Generate(Arguments arguments)
    {
        string folder = arguments.Get("out") ?? throw new ArgumentException("generate needs --out DIR.");
        var options = arguments.Options();
        Console.WriteLine($"Writing {options.Ratings:N0} ratings ({options.Users:N0} users, {options.Movies:N0} movies, seed {options.Seed}) to {folder}");
        var watch = Stopwatch.StartNew();
        var generator = new SyntheticNetflixGenerator(options);
        Console.WriteLine($"  model built in {watch.Elapsed.TotalSeconds:F2} s");
        var progress = new Progress<long>(n => Console.Error.Write($"\r  {n:N0} ratings, {watch.Elapsed.TotalSeconds:F1} s   "));
        var summary = generator.WriteTo(folder, progress);
        watch.Stop();
        Console.Error.WriteLine();
        Console.WriteLine($"Done in {watch.Elapsed.TotalSeconds:F2} s ({summary.TotalBytes / watch.Elapsed.TotalSeconds / 1e6:F0} MB/s, {summary.Ratings / watch.Elapsed.TotalSeconds / 1e6:F1} M ratings/s)");
        foreach (string file in summary.Files) Console.WriteLine($"  {new FileInfo(file).Length,15:N0}  {file}");
        Console.WriteLine($"  {summary.TotalBytes,15:N0}  total");
        Console.WriteLine($"Ratings {summary.Ratings:N0}, users {summary.Users:N0}, movies {summary.Movies:N0}, probe {summary.ProbePairs:N0}, qualifying {summary.QualifyingPairs:N0}");
        Console.WriteLine($"Mean {summary.MeanRating:F3}, global-mean RMSE {summary.GlobalMeanRmse:F4}, oracle RMSE {summary.OracleRmse:F4}");
        return 0;
    }

    public static int Split(Arguments arguments)
    {
        var options = arguments.Options();
        var watch = Stopwatch.StartNew();
        var data = new SyntheticNetflixGenerator(options).Generate();
        Console.WriteLine($"Generated {data.Ratings.Count:N0} ratings in memory in {watch.Elapsed.TotalSeconds:F2} s");
        int seed = arguments.GetInt("seed") ?? 1;
        Time("random 10%", () => new NetflixMf.Splitting.RandomSplitter(0.1, seed).Split(data.Ratings).Test.Count);
        Time("per-user 10%", () => new NetflixMf.Splitting.PerUserSplitter(0.1, seed).Split(data.Ratings).Test.Count);
        Time("temporal 10%", () => new NetflixMf.Splitting.TemporalSplitter(0.1, seed).Split(data.Ratings).Test.Count);
        Time("probe", () => new NetflixMf.Splitting.ProbeSplitter(data.ProbePairs).Split(data.Ratings).Test.Count);
        Time("5-fold", () => new NetflixMf.Splitting.KFoldSplitter(5, seed).Split(data.Ratings)[0].Test.Count);
        return 0;
    }

    private static void Time(string name, Func<int> split)
    {
        var watch = Stopwatch.StartNew();
        int test = split();
        Console.WriteLine($"  {name,-14} {watch.Elapsed.TotalSeconds,6:F2} s  ({test:N0} test ratings)");
    }
}
