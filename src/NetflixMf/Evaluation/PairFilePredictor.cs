using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Evaluation;

/// <summary>
/// Predicts every pair of a Netflix Prize pair file (<c>qualifying.txt</c>, <c>probe.txt</c>) into the prize's
/// submission format, or every line of a rating file with its RMSE.
/// </summary>
/// <remarks>
/// The submission format repeats the input's structure: each <c>MovieID:</c> header, then one predicted rating per
/// line in file order. Qualifying lines carry their date, which dated models (<see cref="IDatedRecommender"/>) use;
/// probe lines have none, so the date and the true rating of each probe pair are looked up in the training ratings
/// when they are given (then the RMSE is reported).
/// </remarks>
public static class PairFilePredictor
{
    private const int Batch = 1 << 16;

    /// <summary>Predicts every pair of a Netflix pair file and writes the submission file.</summary>
    /// <param name="model">The model.</param>
    /// <param name="pairsPath">A <c>qualifying.txt</c> (<c>CustomerID,YYYY-MM-DD</c> lines) or <c>probe.txt</c> (<c>CustomerID</c> lines).</param>
    /// <param name="outputPath">The submission file to write.</param>
    /// <param name="ratings">The ratings to look up the true rating and date of each pair in (for probe.txt), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="RatingFormatException">A line of the pair file is malformed; the message names FILE:LINE.</exception>
    /// <exception cref="IOException">The output is not a regular file, its folder is missing, or writing failed.</exception>
    public static PairPredictionReport PredictNetflixPairs(IRecommender model, string pairsPath, string outputPath, RatingSet? ratings = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        PairPredictionReport? report = null;
        AtomicFileWriter.Write(outputPath, stream => report = PredictNetflixPairs(model, pairsPath, stream, ratings, cancellationToken));
        return report!;
    }

    /// <summary>Predicts every pair of a Netflix pair file and writes the submission to a stream.</summary>
    /// <param name="model">The model.</param>
    /// <param name="pairsPath">A <c>qualifying.txt</c> (<c>CustomerID,YYYY-MM-DD</c> lines) or <c>probe.txt</c> (<c>CustomerID</c> lines).</param>
    /// <param name="output">Where the submission goes.</param>
    /// <param name="ratings">The ratings to look up the true rating and date of each pair in (for probe.txt), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="RatingFormatException">A line of the pair file is malformed; the message names FILE:LINE.</exception>
    public static PairPredictionReport PredictNetflixPairs(IRecommender model, string pairsPath, Stream output, RatingSet? ratings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(pairsPath);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        if (!NetflixPairFile.Detect(pairsPath, out bool withDate)) throw new InvalidDataException($"{pairsPath} is not a Netflix pair file (it must start with a MovieID: line).");
        var users = new List<int>();
        var movies = new List<int>();
        var days = new List<ushort>();
        NetflixPairFile.Read(pairsPath, withDate, (user, movie, day) =>
        {
            users.Add(user);
            movies.Add(movie);
            days.Add(day);
        }, cancellationToken);
        int n = users.Count;
        var truth = new float[n];
        bool dated = withDate;
        if (ratings is not null)
        {
            bool found = LookUp(ratings, users, movies, days, truth, cancellationToken);
            dated = withDate || (found && ratings.HasDates);
        }
        var predictions = new float[n];
        var datedModel = dated ? model as IDatedRecommender : null;
        int[] userArray = [.. users];
        int[] movieArray = [.. movies];
        ushort[] dayArray = [.. days];
        // Models are thread-safe for prediction: batches run in parallel, each into its own slice.
        Parallel.For(0, (n + Batch - 1) / Batch, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            int start = b * Batch;
            int length = Math.Min(Batch, n - start);
            if (datedModel is not null) datedModel.PredictOn(userArray.AsSpan(start, length), movieArray.AsSpan(start, length), dayArray.AsSpan(start, length), predictions.AsSpan(start, length));
            else model.Predict(userArray.AsSpan(start, length), movieArray.AsSpan(start, length), predictions.AsSpan(start, length));
        });
        WriteSubmission(output, movieArray, predictions);
        double squared = 0;
        long rated = 0;
        for (int i = 0; i < n; i++)
        {
            if (truth[i] == 0) continue;
            double e = predictions[i] - (double)truth[i];
            squared += e * e;
            rated++;
        }
        return new PairPredictionReport(n, rated, rated == 0 ? null : Math.Sqrt(squared / rated), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Predicts every rating of a rating file (any format the loader reads) and writes <c>UserID,MovieID,Prediction</c> lines in file order.</summary>
    /// <param name="model">The model.</param>
    /// <param name="ratingsPath">The rating file (MovieLens or Netflix).</param>
    /// <param name="outputPath">The predictions file to write.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="RatingFormatException">A line of the rating file is malformed.</exception>
    /// <exception cref="IOException">The output is not a regular file, its folder is missing, or writing failed.</exception>
    public static PairPredictionReport PredictRatingFile(IRecommender model, string ratingsPath, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        PairPredictionReport? report = null;
        AtomicFileWriter.Write(outputPath, stream => report = PredictRatingFile(model, ratingsPath, stream, cancellationToken));
        return report!;
    }

    /// <summary>Predicts every rating of a rating file and writes <c>UserID,MovieID,Prediction</c> lines in file order to a stream.</summary>
    /// <param name="model">The model.</param>
    /// <param name="ratingsPath">The rating file (MovieLens or Netflix).</param>
    /// <param name="output">Where the predictions go.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="RatingFormatException">A line of the rating file is malformed.</exception>
    public static PairPredictionReport PredictRatingFile(IRecommender model, string ratingsPath, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        var set = RatingDataLoader.Load(ratingsPath, RatingReaderOptions.Default, null, null, cancellationToken).Ratings;
        var predictions = new float[set.Count];
        RatingMetrics.Predict(model, set.All(), predictions, cancellationToken);
        using (var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 1 << 20, leaveOpen: true))
        {
            for (int i = 0; i < set.Count; i++)
            {
                writer.Write(set.Users.GetId(set.UserIndices[i]).ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(set.Movies.GetId(set.MovieIndices[i]).ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(predictions[i].ToString("F3", CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
        double rmse = RatingMetrics.Rmse(predictions, set.Ratings);
        return new PairPredictionReport(set.Count, set.Count, set.Count == 0 ? null : rmse, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the submission format: a <c>MovieID:</c> header whenever the movie changes, then one prediction per line.</summary>
    internal static void WriteSubmission(Stream stream, ReadOnlySpan<int> movies, ReadOnlySpan<float> predictions)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int used = 0;
            int previous = -1;
            var format = new StandardFormat('F', 3);
            for (int i = 0; i < movies.Length; i++)
            {
                if (used > buffer.Length - 64)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                }
                if (movies[i] != previous)
                {
                    previous = movies[i];
                    Utf8Formatter.TryFormat(movies[i], buffer.AsSpan(used), out int written);
                    used += written;
                    buffer[used++] = (byte)':';
                    buffer[used++] = (byte)'\n';
                }
                Utf8Formatter.TryFormat(predictions[i], buffer.AsSpan(used), out int w, format);
                used += w;
                buffer[used++] = (byte)'\n';
            }
            stream.Write(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether <paramref name="path"/> is a Netflix pair file (<c>probe.txt</c>, <c>qualifying.txt</c>: a <c>MovieID:</c> line first) rather than a ratings file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    public static bool IsNetflixPairFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return NetflixPairFile.Detect(path, out _);
    }

    /// <summary>Fills the true rating (and, for undated pairs, the day) of each pair found in <paramref name="ratings"/>; 0 = not found.</summary>
    private static bool LookUp(RatingSet ratings, List<int> users, List<int> movies, List<ushort> days, float[] truth, CancellationToken cancellationToken)
    {
        var slots = new Dictionary<long, int>(users.Count);
        for (int i = 0; i < users.Count; i++)
        {
            if (ratings.Users.TryGetIndex(users[i], out int u) && ratings.Movies.TryGetIndex(movies[i], out int m)) slots.TryAdd(((long)u << 32) | (uint)m, i);
        }
        if (slots.Count == 0) return false;
        var userIndices = ratings.UserIndices;
        var movieIndices = ratings.MovieIndices;
        var values = ratings.Ratings;
        var dayNumbers = ratings.DayNumbers;
        bool found = false;
        for (int p = 0; p < ratings.Count; p++)
        {
            if ((p & 0xFFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!slots.TryGetValue(((long)userIndices[p] << 32) | (uint)movieIndices[p], out int i)) continue;
            truth[i] = values[p];
            if (ratings.HasDates) days[i] = dayNumbers[p];
            found = true;
        }
        // Repeated pairs share the first one's rating and day.
        for (int i = 0; i < users.Count; i++)
        {
            if (truth[i] != 0) continue;
            if (ratings.Users.TryGetIndex(users[i], out int u) && ratings.Movies.TryGetIndex(movies[i], out int m)
                && slots.TryGetValue(((long)u << 32) | (uint)m, out int first) && first != i)
            {
                truth[i] = truth[first];
                days[i] = days[first];
            }
        }
        return found;
    }
}
