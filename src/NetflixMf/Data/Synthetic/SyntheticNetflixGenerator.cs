using System.Text;
using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Data.Synthetic;

/// <summary>
/// Generates rating data in the exact Netflix Prize format from a known low-rank model, in memory (small sets, for
/// tests) or as files (any size, streamed): combined_data_1..N.txt, probe.txt, qualifying.txt and movie_titles.txt.
/// </summary>
/// <remarks>
/// <para>True rating r*(u, i) = mu + b_u + b_i + p_u . q_i with Gaussian biases and factors (the biased matrix
/// factorization model of Koren, Bell and Volinsky 2009); each written rating is clamp(round(r* + noise), 1, 5), mean
/// about 3.6. User activity and movie popularity are log-normal with Netflix-like skew, each (user, movie) pair occurs
/// at most once, CustomerIDs are sparse over 1..2,649,429 and dates lie in 1998-10..2005-12.</para>
/// <para>Generation runs movie by movie, each from its own random stream, so the in-memory set and the files hold
/// exactly the same ratings and the result does not depend on the number of threads. Each movie draws its users by
/// activity without replacement and lists them by ascending CustomerID like the real files. Probe pairs are a random
/// 1.4% of the written ratings; qualifying pairs are extra draws whose ratings are never written.</para>
/// </remarks>
public sealed class SyntheticNetflixGenerator
{
    private const int ProgressStep = 1_000_000;
    private readonly SyntheticModel _model;

    /// <summary>Builds the hidden model for <paramref name="options"/> (validated first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public SyntheticNetflixGenerator(SyntheticDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _model = new SyntheticModel(options);
    }

    /// <summary>The options the data is generated from.</summary>
    public SyntheticDataOptions Options { get; }

    /// <summary>Generates the ratings of <paramref name="options"/> in memory (use for small sets such as <see cref="SyntheticDataOptions.Tiny"/>).</summary>
    public static RatingSet GenerateRatingSet(SyntheticDataOptions options) => new SyntheticNetflixGenerator(options).Generate().Ratings;

    /// <summary>Writes the data set of <paramref name="options"/> into <paramref name="folder"/>; see <see cref="WriteTo"/>.</summary>
    public static SyntheticDataSummary WriteFiles(string folder, SyntheticDataOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        new SyntheticNetflixGenerator(options).WriteTo(folder, progress, cancellationToken);

    /// <summary>The noise-free true rating (clamped to 1..5) of a user for a movie, by raw ids: what a perfect model predicts.</summary>
    /// <exception cref="KeyNotFoundException">The user id or movie id is not part of the model.</exception>
    public float TrueRating(int userId, int movieId)
    {
        if (movieId < 1 || movieId > _model.Movies) throw new KeyNotFoundException($"Movie id {movieId} is not in 1..{_model.Movies}.");
        return _model.TrueRating(_model.UserIndex.GetIndex(userId), movieId - 1);
    }

    /// <summary>The RMSE of the true model on <paramref name="data"/> (for example a test split of generated data).</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public double OracleRmse(RatingView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var source = data.Source;
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            int p = data.PositionAt(i);
            int userIndex = _model.UserIndex.GetIndex(source.Users.GetId(source.UserIndices[p]));
            int movieIndex = source.Movies.GetId(source.MovieIndices[p]) - 1;
            double error = _model.TrueRating(userIndex, movieIndex) - source.Ratings[p];
            sum += error * error;
        }
        return data.Count == 0 ? 0 : Math.Sqrt(sum / data.Count);
    }

    /// <summary>Generates the whole data set in memory: the ratings (with dates) exactly as the files would hold them,
    /// the probe pairs and the qualifying pairs.</summary>
    /// <remarks>Takes about 14 bytes per rating plus the model; for Netflix-size data write files instead.</remarks>
    public SyntheticDataSet Generate(CancellationToken cancellationToken = default)
    {
        int movies = _model.Movies, total = Options.Ratings;
        var starts = new int[movies + 1];
        for (int i = 0; i < movies; i++) starts[i + 1] = starts[i] + _model.MovieRatingCounts[i];
        var modelUsers = new int[total];
        var movieIndices = new int[total];
        var ratings = new float[total];
        var days = new ushort[total];
        var probe = new int[movies][];
        var qualifying = new int[movies][];
        var stats = new MovieStats[movies];
        var used = new bool[_model.Users];

        Parallel.For(0, movies, new ParallelOptions { CancellationToken = cancellationToken }, () => new MovieScratch(_model.Users), (movie, _, scratch) =>
        {
            int count = _model.GenerateMovie(movie, scratch);
            int at = starts[movie];
            var probeUsers = new List<int>();
            var qualifyingUsers = new List<int>();
            var s = new MovieStats();
            for (int j = 0; j < count; j++)
            {
                int u = scratch.Users[j];
                if (scratch.Kinds[j] == MovieScratch.Qualifying)
                {
                    qualifyingUsers.Add(u);
                    continue;
                }
                if (scratch.Kinds[j] == MovieScratch.Probe) probeUsers.Add(u);
                modelUsers[at] = u;
                movieIndices[at] = movie;
                ratings[at] = scratch.Ratings[j];
                days[at] = scratch.Days[j];
                used[u] = true;
                s.Add(scratch.Ratings[j], scratch.Truths[j]);
                at++;
            }
            probe[movie] = [.. probeUsers];
            qualifying[movie] = [.. qualifyingUsers];
            stats[movie] = s with { Probe = probeUsers.Count, Qualifying = qualifyingUsers.Count };
            return scratch;
        }, _ => { });

        // Only users with a rating appear in the files, so only they get a dense index (as a reader would build it).
        var denseOf = new int[_model.Users];
        var usedIds = new List<int>();
        for (int u = 0; u < used.Length; u++)
        {
            denseOf[u] = usedIds.Count;
            if (used[u]) usedIds.Add(_model.UserIds[u]);
        }
        for (int i = 0; i < total; i++) modelUsers[i] = denseOf[modelUsers[i]];
        var set = new RatingSet(IdIndex.FromSortedDistinct([.. usedIds]), IdIndex.FromSortedDistinct([.. Enumerable.Range(1, movies)]),
            modelUsers, movieIndices, ratings, days, RatingScale.Netflix);

        var probePairs = probe.SelectMany((users, movie) => users.Select(u => (_model.UserIds[u], movie + 1))).ToArray();
        var qualifyingPairs = qualifying.SelectMany((users, movie) => users.Select(u => (_model.UserIds[u], movie + 1))).ToArray();
        return new SyntheticDataSet(set, probePairs, qualifyingPairs, Summarize(stats, usedIds.Count, [], 0));
    }

    /// <summary>
    /// Writes the data set into <paramref name="folder"/> (created if needed): combined_data_1..N.txt
    /// (<c>MovieID:</c> blocks of <c>CustomerID,Rating,YYYY-MM-DD</c> lines), probe.txt (<c>MovieID:</c> blocks of
    /// CustomerIDs), qualifying.txt (<c>MovieID:</c> blocks of <c>CustomerID,YYYY-MM-DD</c>) and movie_titles.txt
    /// (<c>MovieID,Year,Title</c>, Latin-1, CRLF), as the options ask. Existing files of the same names are replaced.
    /// </summary>
    /// <remarks>Streams: memory stays at the model plus a few MB per thread (and the probe and qualifying text, about
    /// 70 MB at Netflix size). Each file is written under a temporary name and renamed only when all files are complete,
    /// so a cancelled or failed run leaves no partial file. Files are written in parallel, one per core at a time.</remarks>
    /// <param name="folder">The destination folder.</param>
    /// <param name="progress">Receives the number of ratings written so far, about every million.</param>
    /// <param name="cancellationToken">Stops the run and deletes the temporary files.</param>
    /// <exception cref="ArgumentException">A path or name argument is empty (or <see langword="null"/>).</exception>
    public SyntheticDataSummary WriteTo(string folder, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        int movies = _model.Movies, files = Options.CombinedFiles;
        var fileStarts = FileBoundaries(files);
        var stats = new MovieStats[movies];
        var used = new bool[_model.Users];
        var probeParts = new MemoryStream[files];
        var qualifyingParts = new MemoryStream[files];
        var dates = DateTable();
        // Every output is created up front (checking the folder and targets) and renamed into place only when all are complete.
        var pending = new List<AtomicFileWriter>();
        long written = 0;
        try
        {
            for (int f = 0; f < files; f++) pending.Add(AtomicFileWriter.Create(Path.Combine(folder, $"combined_data_{f + 1}.txt")));
            Parallel.For(0, files, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
            {
                var scratch = new MovieScratch(_model.Users);
                probeParts[f] = new MemoryStream();
                qualifyingParts[f] = new MemoryStream();
                using var sink = new Utf8Sink(pending[f].Stream, 4 << 20);
                using var probeSink = new Utf8Sink(probeParts[f], 1 << 16);
                using var qualifyingSink = new Utf8Sink(qualifyingParts[f], 1 << 16);
                for (int movie = fileStarts[f]; movie < fileStarts[f + 1]; movie++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = _model.GenerateMovie(movie, scratch);
                    var s = new MovieStats();
                    sink.BeginLine();
                    WriteHeader(sink, movie + 1);
                    for (int j = 0; j < count; j++)
                    {
                        int u = scratch.Users[j];
                        int id = _model.UserIds[u];
                        var date = dates.AsSpan((scratch.Days[j] - _model.FirstDay) * 10, 10);
                        if (scratch.Kinds[j] == MovieScratch.Qualifying)
                        {
                            if (s.Qualifying++ == 0) WriteHeader(qualifyingSink, movie + 1);
                            qualifyingSink.BeginLine();
                            qualifyingSink.Write(id);
                            qualifyingSink.Write((byte)',');
                            qualifyingSink.Write(date);
                            qualifyingSink.Write((byte)'\n');
                            continue;
                        }
                        if (scratch.Kinds[j] == MovieScratch.Probe)
                        {
                            if (s.Probe++ == 0) WriteHeader(probeSink, movie + 1);
                            probeSink.BeginLine();
                            probeSink.Write(id);
                            probeSink.Write((byte)'\n');
                        }
                        sink.BeginLine();
                        sink.Write(id);
                        sink.Write((byte)',');
                        sink.Write((byte)('0' + scratch.Ratings[j]));
                        sink.Write((byte)',');
                        sink.Write(date);
                        sink.Write((byte)'\n');
                        used[u] = true;
                        s.Add(scratch.Ratings[j], scratch.Truths[j]);
                    }
                    stats[movie] = s;
                    long before = Interlocked.Add(ref written, s.Count) - s.Count;
                    if (progress is not null && before / ProgressStep != (before + s.Count) / ProgressStep) progress.Report(before + s.Count);
                }
            });

            WriteConcatenation(pending, folder, "probe.txt", probeParts);
            if (Options.WriteQualifying) WriteConcatenation(pending, folder, "qualifying.txt", qualifyingParts);
            if (Options.WriteMovieTitles) WriteTitles(pending, folder);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var writer in pending) writer.Commit();
        }
        finally
        {
            foreach (var writer in pending) writer.Dispose();
        }
        progress?.Report(Options.Ratings);
        var paths = pending.Select(p => p.TargetPath).ToArray();
        return Summarize(stats, used.Count(u => u), paths, paths.Sum(p => new FileInfo(p).Length));
    }

    private static void WriteHeader(Utf8Sink sink, int movieId)
    {
        sink.BeginLine();
        sink.Write(movieId);
        sink.Write((byte)':');
        sink.Write((byte)'\n');
    }

    /// <summary>The first movie index of each combined file: contiguous id ranges with about equal numbers of ratings.</summary>
    private int[] FileBoundaries(int files)
    {
        var starts = new int[files + 1];
        starts[files] = _model.Movies;
        long cumulative = 0; // ratings of movies [0, movie)
        int movie = 0;
        for (int f = 1; f < files; f++)
        {
            // At least one movie per file: start after the previous file's first movie, leave one for each later file.
            int earliest = starts[f - 1] + 1, latest = _model.Movies - (files - f);
            while (movie < latest && (movie < earliest || cumulative * files < (long)Options.Ratings * f)) cumulative += _model.MovieRatingCounts[movie++];
            starts[f] = movie;
        }
        return starts;
    }

    /// <summary>"YYYY-MM-DD" for every day of the date range, 10 bytes each, so formatting a date is a copy.</summary>
    private byte[] DateTable()
    {
        int daysInRange = _model.LastDay - _model.FirstDay + 1;
        var table = new byte[daysInRange * 10];
        for (int d = 0; d < daysInRange; d++)
        {
            var date = UnixEpoch.AddDays(_model.FirstDay + d);
            Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), table.AsSpan(d * 10, 10));
        }
        return table;
    }

    private static void WriteConcatenation(List<AtomicFileWriter> pending, string folder, string name, MemoryStream[] parts)
    {
        var writer = AtomicFileWriter.Create(Path.Combine(folder, name));
        pending.Add(writer);
        foreach (var part in parts) writer.Stream.Write(part.GetBuffer(), 0, (int)part.Length);
    }

    private void WriteTitles(List<AtomicFileWriter> pending, string folder)
    {
        var text = new StringBuilder();
        for (int movie = 0; movie < _model.Movies; movie++)
        {
            var (year, title) = SyntheticMovieTitles.Create(Options.Seed, movie, _model.Movies);
            text.Append(movie + 1).Append(',').Append(year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL").Append(',').Append(title).Append("\r\n");
        }
        var writer = AtomicFileWriter.Create(Path.Combine(folder, "movie_titles.txt"));
        pending.Add(writer);
        writer.Stream.Write(Encoding.Latin1.GetBytes(text.ToString()));
    }

    private SyntheticDataSummary Summarize(MovieStats[] stats, int users, IReadOnlyList<string> files, long bytes)
    {
        // Summed in movie order so the figures are identical whatever the thread count.
        double sum = 0, squares = 0, oracle = 0;
        long count = 0, probe = 0, qualifying = 0;
        foreach (var s in stats)
        {
            count += s.Count;
            sum += s.Sum;
            squares += s.Squares;
            oracle += s.OracleSquaredError;
            probe += s.Probe;
            qualifying += s.Qualifying;
        }
        double mean = sum / count;
        return new SyntheticDataSummary
        {
            Ratings = (int)count,
            Users = users,
            Movies = _model.Movies,
            ProbePairs = (int)probe,
            QualifyingPairs = (int)qualifying,
            MeanRating = mean,
            GlobalMeanRmse = Math.Sqrt(Math.Max(0, squares / count - mean * mean)),
            OracleRmse = Math.Sqrt(oracle / count),
            Files = files,
            TotalBytes = bytes,
        };
    }

    /// <summary>Per-movie sums, combined in movie order at the end.</summary>
    private record struct MovieStats(int Count, double Sum, double Squares, double OracleSquaredError, int Probe, int Qualifying)
    {
        public void Add(byte rating, float truth)
        {
            Count++;
            Sum += rating;
            Squares += rating * rating;
            OracleSquaredError += (truth - rating) * (truth - rating);
        }
    }
}
