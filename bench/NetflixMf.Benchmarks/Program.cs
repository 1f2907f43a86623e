using System.CommandLine;
using System.Diagnostics;
using NetflixMf.Data.Synthetic;

// NetflixMf benchmarks. Never run by the tests; each command prints its timings. `--help` lists the commands.
var root = new RootCommand("NetflixMf benchmarks: data generation, splitting, training speed, loading, LIBMF export.");

var preset = new Option<string>("--preset") { Description = "tiny, demo or netflix (Netflix Prize size and shape).", DefaultValueFactory = _ => "netflix" };
var ratings = new Option<int?>("--ratings") { Description = "Override the preset's number of ratings." };
var users = new Option<int?>("--users") { Description = "Override the preset's number of users." };
var movies = new Option<int?>("--movies") { Description = "Override the preset's number of movies." };
var seed = new Option<int?>("--seed") { Description = "Override the preset's seed." };
var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
var data = new Option<string>("--data") { Description = "A Netflix Prize folder (combined_data_*.txt or mv_*.txt, probe.txt).", Required = true };

SyntheticDataOptions Options(ParseResult parse)
{
    var options = parse.GetValue(preset)!.ToLowerInvariant() switch
    {
        "tiny" => SyntheticDataOptions.Tiny,
        "demo" => SyntheticDataOptions.Demo,
        "netflix" => SyntheticDataOptions.NetflixScale,
        var other => throw new ArgumentException($"Unknown preset '{other}' (tiny, demo, netflix)."),
    };
    return options with
    {
        Ratings = parse.GetValue(ratings) ?? options.Ratings,
        Users = parse.GetValue(users) ?? options.Users,
        Movies = parse.GetValue(movies) ?? options.Movies,
        Seed = parse.GetValue(seed) ?? options.Seed,
    };
}

var generate = new Command("generate", "Write a synthetic data set in the Netflix Prize format.") { output, preset, ratings, users, movies, seed };
generate.SetAction(parse => Commands.Generate(parse.GetValue(output)!, Options(parse)));
root.Subcommands.Add(generate);

var split = new Command("split", "Time the splitters on an in-memory synthetic set.") { preset, ratings, users, movies, seed };
split.SetAction(parse => Commands.Split(Options(parse), parse.GetValue(seed) ?? 1));
root.Subcommands.Add(split);

var model = new Option<string>("--model") { Description = "naive, dot, adam or mlp.", DefaultValueFactory = _ => "dot" };
var threads = new Option<int>("--threads") { Description = "Training threads.", DefaultValueFactory = _ => 1 };
var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 3 };
var factors = new Option<int>("--factors") { Description = "Embedding dimension k.", DefaultValueFactory = _ => 64 };
var speedRatings = new Option<int>("--ratings") { Description = "Ratings of the in-memory Netflix-shaped set.", DefaultValueFactory = _ => 10_000_000 };
var batch = new Option<int?>("--batch") { Description = "Batch size (autograd models)." };
var trainSpeed = new Command("train-speed", "Ratings/s and memory per epoch on an in-memory Netflix-shaped set.") { model, threads, epochs, factors, speedRatings, batch };
trainSpeed.SetAction(parse => SpeedCommands.TrainSpeed(parse.GetValue(model)!, parse.GetValue(factors), parse.GetValue(epochs), parse.GetValue(threads), parse.GetValue(speedRatings), parse.GetValue(batch)));
root.Subcommands.Add(trainSpeed);

var cache = new Option<string?>("--cache") { Description = "Where to save the binary cache." };
var keepCache = new Option<bool>("--keep-cache") { Description = "Keep the cache file afterwards." };
var load = new Command("load", "Time loading, cache save/reload, random and probe splits.") { data, cache, keepCache };
load.SetAction(parse => SpeedCommands.Load(parse.GetValue(data)!, parse.GetValue(cache), parse.GetValue(keepCache)));
root.Subcommands.Add(load);

var reloadCache = new Option<string>("--cache") { Description = "A cache saved by load --keep-cache.", Required = true };
var reload = new Command("reload", "Time RatingSetCache.Load of a saved cache in a fresh process.") { reloadCache };
reload.SetAction(parse => SpeedCommands.Reload(parse.GetValue(reloadCache)!));
root.Subcommands.Add(reload);

var export = new Command("libmf-export", "Write the probe split of a Netflix folder in LIBMF's text format (train.txt, probe.txt: 'user movie rating', dense 0-based indices).") { data, output };
export.SetAction(parse => LibmfCommands.Export(parse.GetValue(data)!, parse.GetValue(output)!));
root.Subcommands.Add(export);

var shape = new Command("shape", "Print the quantiles of ratings per user and per movie of a data folder.") { data };
shape.SetAction(parse => LibmfCommands.Shape(parse.GetValue(data)!));
root.Subcommands.Add(shape);

root.Subcommands.Add(NamedArguments.Command("ranking-quality", "P/R/NDCG/MAP/HR@10 of baselines, rating and ranking models (relevant = rating >= 4, training movies excluded).", RankingCommands.Quality,
    ("train", "Training ratings file (with --test)."), ("test", "Test ratings file."), ("data", "One ratings file to split at random (instead of --train/--test)."),
    ("splits", "Random 90/10 splits of --data (default 5)."), ("models", "popularity,bias,rating,ranking (default: all)."),
    ("factors", "Embedding dimension."), ("epochs", "Epochs."), ("learning-rate", "Learning rate."), ("l2", "L2 regularization."),
    ("init", "Initial standard deviation."), ("decay", "Learning-rate decay."), ("threads", "Threads."), ("bias-l2", "L2 regularization of the biases."),
    ("threshold", "Positive threshold of the ranking objective."), ("negatives", "Negative samples per positive."), ("boost", "Popularity boost of the rating model.")));
root.Subcommands.Add(NamedArguments.Command("netflix-ranking", "BPR vs dot epoch, batched recommend for all users, ranking evaluation at Netflix scale.", RankingCommands.NetflixScale,
    ("ratings", "Ratings (default 100,000,000)."), ("factors", "Embedding dimension (default 64)."), ("threads", "Threads (default: one per core)."),
    ("dot-epochs", "Dot-product epochs (default 2)."), ("bpr-epochs", "BPR epochs (default 3)."), ("negatives", "Negative samples per positive."),
    ("only-epochs", "yes: skip the recommend and evaluation phases.")));

root.Subcommands.Add(NamedArguments.Command("prize-tune", "SVD++ options on one train/test pair (tuning).", PrizeTuneCommand.Run,
    ("train", "Training ratings file."), ("test", "Test ratings file."), ("set", "Option overrides: Name=Value,Name=Value (SvdPlusPlusOptions).")));
root.Subcommands.Add(NamedArguments.Command("prize-scale", "Netflix-scale dot vs SVD++ epochs, memory, 2.8M-pair prediction.", PrizeScaleCommand.Run,
    ("ratings", "Ratings (default: the Netflix Prize count)."), ("factors", "Embedding dimension (default 128)."), ("epochs", "Epochs (default 3)."),
    ("threads", "Threads (default 2)."), ("time", "yes: time-aware biases too.")));

return root.Parse(args).Invoke();

internal static class Commands
{
    public static int Generate(string folder, SyntheticDataOptions options)
    {
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

    public static int Split(SyntheticDataOptions options, int seed)
    {
        var watch = Stopwatch.StartNew();
        var data = new SyntheticNetflixGenerator(options).Generate();
        Console.WriteLine($"Generated {data.Ratings.Count:N0} ratings in memory in {watch.Elapsed.TotalSeconds:F2} s");
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
