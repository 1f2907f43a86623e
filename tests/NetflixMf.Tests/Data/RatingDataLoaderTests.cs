using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class RatingDataLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // Three movies; movie 3 is rated by customers that movie 1 also has, in another order.
    private const string Movie1 = "1:\n30,3,2005-09-06\n10,5,2004-01-31\n";
    private const string Movie2 = "2:\n20,1,1999-12-31\n";
    private const string Movie3 = "3:\n10,4,2000-02-29\n30,2,2003-07-01\n";

    public void Dispose() => _folder.Dispose();

    private static Rating[] Rows(RatingSet set) => Enumerable.Range(0, set.Count).Select(i => set[i]).ToArray();

    private static readonly Rating[] Expected =
    [
        new(30, 1, 3, new DateOnly(2005, 9, 6)),
        new(10, 1, 5, new DateOnly(2004, 1, 31)),
        new(20, 2, 1, new DateOnly(1999, 12, 31)),
        new(10, 3, 4, new DateOnly(2000, 2, 29)),
        new(30, 3, 2, new DateOnly(2003, 7, 1)),
    ];

    [Fact]
    public void Load_NetflixSingleFile_ReadsEveryRatingWithDateAndNetflixScale()
    {
        string file = _folder.Write("ratings.txt", Movie1 + Movie2 + Movie3);

        var result = RatingDataLoader.Load(file);

        Rows(result.Ratings).Should().Equal(Expected);
        result.Ratings.Scale.Should().Be(RatingScale.Netflix);
        result.Ratings.HasDates.Should().BeTrue();
        result.Report.Format.Should().Be(RatingFileFormat.Netflix);
        result.Report.LinesRead.Should().Be(8);
        result.Report.HeaderLines.Should().Be(3);
        result.Report.RatingsRead.Should().Be(5);
        result.Report.LinesSkipped.Should().Be(0);
        result.Report.FilesRead.Should().Be(1);
        result.Report.BytesRead.Should().Be(new FileInfo(file).Length);
    }

    [Fact]
    public void Load_RawIds_BecomeRanksAmongSortedDistinctIds()
    {
        string file = _folder.Write("ratings.txt", Movie1 + Movie2 + Movie3);

        var set = RatingDataLoader.Load(file).Ratings;

        set.Users.Ids.ToArray().Should().Equal(10, 20, 30);
        set.Movies.Ids.ToArray().Should().Equal(1, 2, 3);
        set.UserIndices.ToArray().Should().Equal(2, 0, 1, 0, 2);
        set.MovieIndices.ToArray().Should().Equal(0, 0, 1, 2, 2);
    }

    [Fact]
    public void Load_TrainingSetFolder_ReadsMovieFilesInNameOrderAndFindsSideFiles()
    {
        _folder.Write("nf/training_set/mv_0000003.txt", Movie3);
        _folder.Write("nf/training_set/mv_0000001.txt", Movie1);
        _folder.Write("nf/training_set/mv_0000002.txt", Movie2);
        string probe = _folder.Write("nf/probe.txt", "1:\n30\n");
        string qualifying = _folder.Write("nf/qualifying.txt", "2:\n10,2005-01-01\n");
        string titles = _folder.Write("nf/movie_titles.txt", "1,2001,A\n");

        var result = RatingDataLoader.Load(Path.Combine(_folder.Path, "nf"));

        Rows(result.Ratings).Should().Equal(Expected);
        result.Report.FilesRead.Should().Be(3);
        result.Report.Files.Select(Path.GetFileName).Should().Equal("mv_0000001.txt", "mv_0000002.txt", "mv_0000003.txt");
        result.ProbePath.Should().Be(probe);
        result.QualifyingPath.Should().Be(qualifying);
        result.MovieTitlesPath.Should().Be(titles);
    }

    [Fact]
    public void Load_TrainingSetFolderItself_FindsSideFilesInItsParent()
    {
        _folder.Write("nf/training_set/mv_0000001.txt", Movie1);
        string probe = _folder.Write("nf/probe.txt", "1:\n30\n");

        var result = RatingDataLoader.Load(Path.Combine(_folder.Path, "nf", "training_set"));

        result.Ratings.Count.Should().Be(2);
        result.ProbePath.Should().Be(probe);
        result.QualifyingPath.Should().BeNull();
        result.MovieTitlesPath.Should().BeNull();
    }

    [Fact]
    public void Load_CombinedFilesFolder_ReadsCombinedFilesInNameOrder()
    {
        _folder.Write("nf/combined_data_2.txt", Movie3);
        _folder.Write("nf/combined_data_1.txt", Movie1 + Movie2);

        var result = RatingDataLoader.Load(Path.Combine(_folder.Path, "nf"));

        Rows(result.Ratings).Should().Equal(Expected);
        result.Report.FilesRead.Should().Be(2);
        result.ProbePath.Should().BeNull();
    }

    [Fact]
    public void Load_SameDataInAnotherFileOrder_GivesIdenticalIndexesAndSameRatings()
    {
        _folder.Write("a/combined_data_1.txt", Movie1 + Movie2 + Movie3);
        _folder.Write("b/combined_data_1.txt", Movie3);
        _folder.Write("b/combined_data_2.txt", Movie2 + Movie1);

        var a = RatingDataLoader.Load(Path.Combine(_folder.Path, "a")).Ratings;
        var b = RatingDataLoader.Load(Path.Combine(_folder.Path, "b")).Ratings;

        b.Users.Ids.ToArray().Should().Equal(a.Users.Ids.ToArray());
        b.Movies.Ids.ToArray().Should().Equal(a.Movies.Ids.ToArray());
        static (int, int, float, ushort)[] Sorted(RatingSet s) => Enumerable.Range(0, s.Count)
            .Select(i => (s.UserIndices[i], s.MovieIndices[i], s.Ratings[i], s.DayNumbers[i])).Order().ToArray();
        Sorted(b).Should().Equal(Sorted(a));
    }

    [Fact]
    public void Load_AnyThreadCountAndChunkSize_GivesIdenticalColumns()
    {
        var random = new Random(12345);
        var text = new System.Text.StringBuilder();
        for (int movie = 1; movie <= 40; movie++)
        {
            text.Append(movie * 7).Append(":\n");
            for (int k = random.Next(0, 60); k > 0; k--)
            {
                text.Append(random.Next(1, 5000)).Append(',').Append(random.Next(1, 6)).Append(",2004-0").Append(random.Next(1, 10)).Append("-1").Append(random.Next(0, 10)).Append('\n');
            }
        }
        string file = _folder.Write("big.txt", text.ToString());
        var reference = RatingDataLoader.Load(file, new RatingReaderOptions { MaxDegreeOfParallelism = 1 }).Ratings;

        foreach (var (threads, chunk) in new[] { (1, 7), (2, 13), (4, 100), (3, 1), (2, 1 << 20) })
        {
            var set = RatingDataLoader.Load(file, new RatingReaderOptions { MaxDegreeOfParallelism = threads }, null, null, chunk, default).Ratings;
            set.UserIndices.ToArray().Should().Equal(reference.UserIndices.ToArray(), $"threads {threads}, chunk {chunk}");
            set.MovieIndices.ToArray().Should().Equal(reference.MovieIndices.ToArray());
            set.Ratings.ToArray().Should().Equal(reference.Ratings.ToArray());
            set.DayNumbers.ToArray().Should().Equal(reference.DayNumbers.ToArray());
            set.Users.Ids.ToArray().Should().Equal(reference.Users.Ids.ToArray());
        }
        reference.Count.Should().BeGreaterThan(500);
    }

    [Theory]
    [InlineData("lf")]
    [InlineData("crlf")]
    [InlineData("bom")]
    [InlineData("no-final-newline")]
    [InlineData("crlf-no-final-newline")]
    [InlineData("blank-lines")]
    public void Load_TolerableTextVariations_ReadTheSameRatings(string variant)
    {
        string text = Movie1 + Movie2 + Movie3;
        int blank = 0;
        text = variant switch
        {
            "crlf" => text.Replace("\n", "\r\n"),
            "bom" => "\uFEFF" + text,
            "no-final-newline" => text.TrimEnd('\n'),
            "crlf-no-final-newline" => text.Replace("\n", "\r\n").TrimEnd('\n', '\r'),
            "blank-lines" => "\n" + text.Replace("2:\n", "\n  \t\n2:\n\r\n") + "\n",
            _ => text,
        };
        if (variant == "blank-lines") blank = 5;
        string file = _folder.Write("ratings.txt", text);

        foreach (int chunk in new[] { 1, 5, 1 << 20 })
        {
            var result = RatingDataLoader.Load(file, null, null, null, chunk, default);

            Rows(result.Ratings).Should().Equal(Expected, $"chunk {chunk}");
            result.Report.BlankLines.Should().Be(blank);
            result.Report.LinesRead.Should().Be(8 + blank);
        }
    }

    [Fact]
    public void Load_MovieLensTabFile_ReadsStarsAndDaysFromUnixTime()
    {
        string file = _folder.Write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n");

        var result = RatingDataLoader.Load(file);

        result.Report.Format.Should().Be(RatingFileFormat.MovieLens);
        result.Ratings.Scale.Should().Be(RatingScale.MovieLensStars);
        Rows(result.Ratings).Should().Equal(
            new Rating(196, 242, 3, DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(881250949))),
            new Rating(186, 302, 3, DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(891717742))),
            new Rating(22, 377, 1, DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(878887116))));
        result.ProbePath.Should().BeNull();
    }

    [Fact]
    public void Load_MovieLensFoldFileAndFolder_DetectedByContentAndName()
    {
        string fold = _folder.Write("ml/u1.base", "1\t1\t5\t874965758\n1\t2\t3\t876893171\n");
        _folder.Write("ml/u.data", "1\t1\t5\t874965758\n");

        RatingDataLoader.Load(fold).Ratings.Count.Should().Be(2);
        var fromFolder = RatingDataLoader.Load(Path.Combine(_folder.Path, "ml"));
        fromFolder.Ratings.Count.Should().Be(1);
        fromFolder.Report.Files.Should().ContainSingle().Which.Should().EndWith("u.data");
    }

    [Fact]
    public void Load_MovieLensDatFile_ReadsDoubleColonSeparatedStars()
    {
        string file = _folder.Write("ratings.dat", "1::1193::5::978300760\r\n1::661::3::978302109\r\n");

        var result = RatingDataLoader.Load(file);

        result.Ratings.Scale.Should().Be(RatingScale.MovieLensStars);
        Rows(result.Ratings).Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((1, 1193, 5f), (1, 661, 3f));
    }

    [Fact]
    public void Load_MovieLensCsvWithHeader_ReadsHalfStarsAndCountsTheHeader()
    {
        string file = _folder.Write("ratings.csv", "\uFEFFuserId,movieId,rating,timestamp\n1,296,5.0,1147880044\n1,306,3.5,1147868817\n2,1,0.5,0\n");

        var result = RatingDataLoader.Load(file, null, null, null, 3, default);

        result.Ratings.Scale.Should().Be(RatingScale.MovieLensHalfStars);
        Rows(result.Ratings).Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((1, 296, 5f), (1, 306, 3.5f), (2, 1, 0.5f));
        result.Ratings.GetDate(2).Should().Be(new DateOnly(1970, 1, 1));
        result.Report.HeaderLines.Should().Be(1);
        result.Report.LinesRead.Should().Be(4);
    }

    [Fact]
    public void Load_FormatOverride_BeatsTheFileName()
    {
        string netflixNamedLikeMovieLens = _folder.Write("u.data", Movie1);
        string movieLensNamedLikeNetflix = _folder.Write("mv_0000001.txt", "1\t2\t3\t100\n");

        RatingDataLoader.Load(netflixNamedLikeMovieLens, new RatingReaderOptions { Format = RatingFileFormat.Netflix }).Ratings.Count.Should().Be(2);
        RatingDataLoader.Load(movieLensNamedLikeNetflix, new RatingReaderOptions { Format = RatingFileFormat.MovieLens }).Ratings.Count.Should().Be(1);
        var auto = () => RatingDataLoader.Load(movieLensNamedLikeNetflix);
        auto.Should().Throw<RatingFormatException>().Which.LineNumber.Should().Be(1);
    }

    [Fact]
    public void Load_DuplicatePair_IsKeptAsGivenAndCounted()
    {
        string file = _folder.Write("ratings.txt", "1:\n10,3,2005-01-01\n10,4,2005-01-02\n");

        var result = RatingDataLoader.Load(file);

        Rows(result.Ratings).Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((10, 1, 3f), (10, 1, 4f));
        result.Report.RatingsRead.Should().Be(2);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNamingThePathUnlessAllowed()
    {
        string file = _folder.Write("ratings.txt", "");

        var act = () => RatingDataLoader.Load(file);
        act.Should().Throw<InvalidDataException>().WithMessage($"{file} holds no ratings (0 lines read*AllowEmpty*");

        var result = RatingDataLoader.Load(file, new RatingReaderOptions { AllowEmpty = true });

        result.Ratings.Count.Should().Be(0);
        result.Report.LinesRead.Should().Be(0);
    }

    [Fact]
    public void Load_MissingPathOrFolderWithoutRatings_ThrowsFileNotFound()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "empty"));

        var missing = () => RatingDataLoader.Load(Path.Combine(_folder.Path, "nope.txt"));
        var empty = () => RatingDataLoader.Load(Path.Combine(_folder.Path, "empty"));

        missing.Should().Throw<FileNotFoundException>().WithMessage("*nope.txt*");
        empty.Should().Throw<FileNotFoundException>().WithMessage("*training_set*");
    }

    [Theory]
    [InlineData(-1, 10, "MaxDegreeOfParallelism")]
    [InlineData(1025, 10, "MaxDegreeOfParallelism")]
    [InlineData(0, -1, "MaxSkippedExamples")]
    public void Load_OptionOutOfRange_ThrowsNamingTheOption(int threads, int examples, string name)
    {
        string file = _folder.Write("ratings.txt", Movie1);

        var act = () => RatingDataLoader.Load(file, new RatingReaderOptions { MaxDegreeOfParallelism = threads, MaxSkippedExamples = examples });

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Load_Progress_ReportsBothPhasesUpToTheTotalBytes()
    {
        string file = _folder.Write("ratings.txt", string.Concat(Enumerable.Repeat(Movie1 + Movie2 + Movie3, 50)));
        var progress = new SyncProgress();

        RatingDataLoader.Load(file, null, progress, null, 16, default);

        long total = new FileInfo(file).Length;
        progress.Reports.Should().Contain(new LoadProgress(LoadPhase.Counting, total, total));
        progress.Reports.Should().Contain(new LoadProgress(LoadPhase.Parsing, total, total));
        progress.Reports.Should().OnlyContain(p => p.TotalBytes == total && p.BytesRead <= total);
    }

    [Fact]
    public void Load_CancelledBeforeOrDuring_ThrowsOperationCanceled()
    {
        string file = _folder.Write("ratings.txt", string.Concat(Enumerable.Repeat(Movie1 + Movie2 + Movie3, 200)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var during = new CancellationTokenSource();
        var cancelOnFirstReport = new SyncProgress(_ => during.Cancel());

        var before = () => RatingDataLoader.Load(file, cancellationToken: cancelled.Token);
        var inFlight = () => RatingDataLoader.Load(file, new RatingReaderOptions { MaxDegreeOfParallelism = 1 }, cancelOnFirstReport, null, 16, during.Token);

        before.Should().Throw<OperationCanceledException>();
        inFlight.Should().Throw<OperationCanceledException>();
        cancelOnFirstReport.Reports.Should().NotContain(p => p.Phase == LoadPhase.Parsing);
    }

    private sealed class SyncProgress(Action<LoadProgress>? onReport = null) : IProgress<LoadProgress>
    {
        private readonly List<LoadProgress> _reports = [];

        public IReadOnlyList<LoadProgress> Reports
        {
            get
            {
                lock (_reports) return [.. _reports];
            }
        }

        public void Report(LoadProgress value)
        {
            lock (_reports) _reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
