using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Evaluation;

namespace NetflixMf.Cli.Commands;

/// <summary>
/// <c>netflixmf demo</c> (and <c>netflixmf</c> alone): the whole recipe on generated data. Generate the synthetic Demo
/// preset in Netflix format, read it, split off the probe set, train the dot model with the library's defaults, then
/// show predictions against actual ratings and a top-5 with titles.
/// </summary>
internal sealed class DemoCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private const string ModelFileName = "demo.nmf";
    private readonly Option<string?> _out = new("--out") { Description = "Keep the generated data (and the trained model) in this folder instead of a temporary one.", HelpName = "DIR" };
    private readonly Option<int?> _epochs = new Option<int?>("--epochs") { Description = "Passes over the training ratings (default: the library's).", HelpName = "N" }.Positive();

    protected override Command Create() => new("demo", "Run the whole recipe on generated Netflix-format data (about 1M ratings, under a minute).")
    {
        _out, _epochs,
    };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? outFolder = parse.GetValue(_out);
        string data = outFolder is null ? Path.Combine(Path.GetTempPath(), $"netflixmf-demo-{Guid.NewGuid():N}") : Path.GetFullPath(outFolder);
        try
        {
            var generated = await Renderer.RunWithProgressAsync(
                "generating the synthetic Demo data set", "ratings", sink => SyntheticData.GenerateDemo(data, sink, cancellationToken), cancellationToken).ConfigureAwait(false);
            Renderer.Line($"wrote {generated.Files.Count} files ({ConsoleRenderer.FormatCount(generated.TotalBytes / 1024)} KiB) in Netflix Prize format to {data}");

            LoadedData loaded = await LoadAsync(data, RatingFileFormat.Netflix, BadLinePolicy.Error, quiet: false, cancellationToken).ConfigureAwait(false);
            RatingSet set = loaded.Ratings;
            Renderer.Line($"{ConsoleRenderer.FormatCount(set.Count)} ratings by {ConsoleRenderer.FormatCount(set.Users.Count)} users of {ConsoleRenderer.FormatCount(set.Movies.Count)} movies");
            SplitResult split = await SplitAsync(loaded, SplitSpec.Probe, null, RatingFileFormat.Netflix, BadLinePolicy.Error, null, quiet: false, cancellationToken).ConfigureAwait(false);
            Renderer.Line($"train {ConsoleRenderer.FormatCount(split.Train.Count)} ratings, test {ConsoleRenderer.FormatCount(split.Test.Count)} ratings ({split.Description})");

            var request = new TrainRequest(ModelKind.Dot, null, parse.GetValue(_epochs), null, null, null, null, null, null);
            TrainResult result = await TrainCommand.TrainAsync(Renderer, request, split, cancellationToken).ConfigureAwait(false);
            using var model = result.Model;
            ErrorMetrics test = RatingMetrics.Evaluate(model, split.Test, cancellationToken: cancellationToken);
            Renderer.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"probe {test}; predicting the global mean would give RMSE {generated.GlobalMeanRmse:F4}, the generator's true model {generated.OracleRmse:F4}"));

            string titlesPath = loaded.TitlesPath ?? Path.Combine(data, DataSources.TitlesFileName);
            IReadOnlyDictionary<int, string> titles = DataSources.ReadTitles(titlesPath, cancellationToken);
            Renderer.Line();
            Renderer.Line("predicted vs actual probe ratings:");
            Renderer.PredictionTable(SamplePredictions(model, split.Test, 8), titles);

            int userId = set.Users.GetId(set.UserIndices[split.Test.PositionAt(0)]);
            var rated = RatingQueries.MoviesRatedBy(split.Train, userId);
            var top = model.Recommend(userId, 5, rated);
            Renderer.Line();
            Renderer.Line($"top 5 for user {userId} (who rated {rated.Count} movies in training):");
            Renderer.RecommendationTable(top, titles);
            Renderer.Line();

            if (outFolder is not null)
            {
                string modelPath = Path.Combine(data, ModelFileName);
                using (var staged = new StagedOutputs())
                {
                    model.Save(staged.Stage(modelPath, "--out").Stream);
                    cancellationToken.ThrowIfCancellationRequested();
                    staged.Commit();
                }
                Renderer.Line($"data and model kept in {data}; try:");
                Renderer.Line($"  netflixmf recommend --model {modelPath} --user {userId} --titles {titlesPath} --exclude-rated {data}");
            }
            Renderer.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"Demo finished in {clock.Elapsed.TotalSeconds:F1} s: {result.ModelName} model with {result.Factors} factors trained on {split.Train.Count:N0} ratings in {result.Epochs.Count} epochs, probe RMSE {test.Rmse:F4}."));
            return ExitCodes.Success;
        }
        finally
        {
            // Only the temporary folder is ours to delete; --out keeps what the generator completed.
            if (outFolder is null && Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private static IEnumerable<(int UserId, int MovieId, float Actual, float Predicted)> SamplePredictions(Models.IRecommender model, RatingView test, int count)
    {
        RatingSet set = test.Source;
        // Evenly spaced probe ratings rather than the first few, which would all belong to one movie.
        int step = Math.Max(1, test.Count / count);
        for (int i = 0; i < Math.Min(count, test.Count); i++)
        {
            Rating rating = set[test.PositionAt(i * step)];
            yield return (rating.UserId, rating.MovieId, rating.Value, model.Predict(rating.UserId, rating.MovieId));
        }
    }
}
