using System.Text;
using System.Text.RegularExpressions;
using NetflixMf.Data;
using NetflixMf.Data.Synthetic;
using NetflixMf.Splitting;
using static NetflixMf.Tests.Data.Synthetic.SyntheticTestFiles;

namespace NetflixMf.Tests.Data.Synthetic;

public sealed partial class SyntheticNetflixGeneratorTests
{
    private static readonly SyntheticDataOptions Tiny = SyntheticDataOptions.Tiny;

    [Fact]
    public void Generate_SameOptions_IdenticalRatings_DifferentSeed_Different()
    {
        var a = SyntheticNetflixGenerator.GenerateRatingSet(Tiny);
        var b = SyntheticNetflixGenerator.GenerateRatingSet(Tiny);
        var c = SyntheticNetflixGenerator.GenerateRatingSet(Tiny with { Seed = Tiny.Seed + 1 });

        a.UserIndices.ToArray().Should().Equal(b.UserIndices.ToArray());
        a.MovieIndices.ToArray().Should().Equal(b.MovieIndices.ToArray());
        a.Ratings.ToArray().Should().Equal(b.Ratings.ToArray());
        a.DayNumbers.ToArray().Should().Equal(b.DayNumbers.ToArray());
        a.Users.Ids.ToArray().Should().Equal(b.Users.Ids.ToArray());
        c.Ratings.ToArray().Should().NotEqual(a.Ratings.ToArray());
    }

    [Fact]
    public void Generate_Tiny_HasExactCountEveryMovieAndEachPairOnce()
    {
        var set = SyntheticNetflixGenerator.GenerateRatingSet(Tiny);

        set.Count.Should().Be(Tiny.Ratings);
        set.Movies.Count.Should().Be(Tiny.Movies);
        set.Movies.Ids.ToArray().Should().Equal(Enumerable.Range(1, Tiny.Movies));
        Enumerable.Range(0, set.Count).Select(p => (set.UserIndices[p], set.MovieIndices[p])).Should().OnlyHaveUniqueItems();
        set.HasDates.Should().BeTrue();
    }

    [Fact]
    public void Generate_Tiny_RatingsLookLikeNetflix()
    {
        var set = SyntheticNetflixGenerator.GenerateRatingSet(Tiny);
        var ratings = set.Ratings.ToArray();

        ratings.Should().OnlyContain(r => r == MathF.Round(r) && r >= 1 && r <= 5);
        ratings.Distinct().Should().HaveCount(5, "every star value occurs");
        set.Mean().Should().BeInRange(3.4, 3.8);
        double deviation = Math.Sqrt(ratings.Average(r => (r - set.Mean()) * (r - set.Mean())));
        deviation.Should().BeInRange(0.9, 1.25);
        var first = RatingSet.ToDayNumber(Tiny.FirstDate);
        var last = RatingSet.ToDayNumber(Tiny.LastDate);
        set.DayNumbers.ToArray().Should().OnlyContain(d => d >= first && d <= last);
    }

    [Fact]
    public void Generate_Tiny_UserIdsAreSparseLikeNetflix()
    {
        var ids = SyntheticNetflixGenerator.GenerateRatingSet(Tiny).Users.Ids.ToArray();
        int maxId = (int)Math.Round(Tiny.Users * (2_649_429.0 / 480_189.0));

        ids.Should().OnlyContain(id => id >= 1 && id <= maxId);
        ids.Max().Should().BeGreaterThan(3 * ids.Length, "ids are spread far beyond their count");
    }

    [Fact]
    public void Generate_Demo_ActivityAndPopularityAreSkewed()
    {
        var set = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Demo with { Ratings = 200_000 });

        double TopDecileShare(ReadOnlySpan<int> indices, int count)
        {
            var counts = new int[count];
            foreach (int i in indices) counts[i]++;
            return counts.OrderDescending().Take(count / 10).Sum() / (double)indices.Length;
        }
        TopDecileShare(set.UserIndices, set.Users.Count).Should().BeGreaterThan(0.3, "the busiest 10% of users rate far more than 10%");
        TopDecileShare(set.MovieIndices, set.Movies.Count).Should().BeGreaterThan(0.5, "the most popular 10% of movies get most ratings");
    }

    [Fact]
    public void Generate_OracleRmse_BeatsTheBiasOnlyBaselineClearly()
    {
        var generator = new SyntheticNetflixGenerator(Tiny);
        var data = generator.Generate();
        var set = data.Ratings;

        double oracle = generator.OracleRmse(set);
        oracle.Should().BeApproximately(data.Summary.OracleRmse, 1e-4);
        oracle.Should().BeInRange(0.6, 0.95);
        // The best bias-only model fitted on the very same ratings (in-sample, so optimistic) is still clearly worse:
        // the latent factors carry signal a broken factor model would miss.
        BiasOnlyRmse(set).Should().BeGreaterThan(oracle + 0.05);
        data.Summary.GlobalMeanRmse.Should().BeGreaterThan(BiasOnlyRmse(set));
    }

    [Fact]
    public void TrueRating_MatchesTheOracleRmseAndRejectsUnknownIds()
    {
        var generator = new SyntheticNetflixGenerator(Tiny);
        var set = generator.Generate().Ratings;
        var r = set[0];

        generator.TrueRating(r.UserId, r.MovieId).Should().BeInRange(1f, 5f);
        var act = () => generator.TrueRating(r.UserId, Tiny.Movies + 1);
        act.Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void WriteTo_Tiny_FilesParseBackToTheInMemorySet()
    {
        using var folder = new TempFolder();
        var generator = new SyntheticNetflixGenerator(Tiny);
        var summary = generator.WriteTo(folder.Path);
        var data = generator.Generate();

        var parsed = Enumerable.Range(1, Tiny.CombinedFiles).SelectMany(f => ParseCombined(System.IO.Path.Combine(folder.Path, $"combined_data_{f}.txt"))).ToList();
        var set = data.Ratings;
        var expected = Enumerable.Range(0, set.Count).Select(p => set[p]).Select(r => (r.UserId, r.MovieId, (int)r.Value, r.Date!.Value)).ToList();
        parsed.Should().Equal(expected);
        ParsePairs(System.IO.Path.Combine(folder.Path, "probe.txt")).Should().Equal(data.ProbePairs);
        ParsePairs(System.IO.Path.Combine(folder.Path, "qualifying.txt")).Should().Equal(data.QualifyingPairs);
        summary.Should().BeEquivalentTo(data.Summary, o => o.Excluding(s => s.Files).Excluding(s => s.TotalBytes));
        summary.TotalBytes.Should().Be(summary.Files.Sum(f => new FileInfo(f).Length));
    }

    [Fact]
    public void WriteTo_SameOptions_WritesIdenticalBytes()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = SyntheticNetflixGenerator.WriteFiles(a.Path, Tiny);
        SyntheticNetflixGenerator.WriteFiles(b.Path, Tiny);

        first.Files.Select(System.IO.Path.GetFileName).Should().BeEquivalentTo(
            ["combined_data_1.txt", "combined_data_2.txt", "probe.txt", "qualifying.txt", "movie_titles.txt"]);
        foreach (string file in first.Files)
        {
            File.ReadAllBytes(file).Should().Equal(File.ReadAllBytes(System.IO.Path.Combine(b.Path, System.IO.Path.GetFileName(file))), file);
        }
    }

    [Fact]
    public void WriteTo_CombinedFiles_FollowTheNetflixFormatExactly()
    {
        using var folder = new TempFolder();
        SyntheticNetflixGenerator.WriteFiles(folder.Path, Tiny);
        string text = File.ReadAllText(System.IO.Path.Combine(folder.Path, "combined_data_1.txt"), Encoding.ASCII);

        text.Should().StartWith("1:\n").And.EndWith("\n").And.NotContain("\r");
        int previousMovie = 0, previousUser = 0;
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            if (MovieLine().Match(line) is { Success: true } header)
            {
                int movie = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                movie.Should().Be(previousMovie + 1, "movie blocks are consecutive");
                previousMovie = movie;
                previousUser = 0;
                continue;
            }
            var match = RatingLine().Match(line);
            match.Success.Should().BeTrue($"'{line}' should be CustomerID,Rating,YYYY-MM-DD");
            int user = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            user.Should().BeGreaterThan(previousUser, "customers are sorted within a movie");
            previousUser = user;
        }
        string second = File.ReadAllText(System.IO.Path.Combine(folder.Path, "combined_data_2.txt"), Encoding.ASCII);
        second.Should().StartWith($"{previousMovie + 1}:\n", "the second file continues with the next movie");
        File.ReadAllText(System.IO.Path.Combine(folder.Path, "probe.txt")).Should().MatchRegex(@"^(\d+:\n(\d+\n)+)+$");
        File.ReadAllText(System.IO.Path.Combine(folder.Path, "qualifying.txt")).Should().MatchRegex(@"^(\d+:\n(\d+,\d{4}-\d\d-\d\d\n)+)+$");
    }

    [Fact]
    public void Generate_ProbePairs_AreRatings_QualifyingPairsAreNot()
    {
        var data = new SyntheticNetflixGenerator(Tiny).Generate();
        var set = data.Ratings;
        var rated = Enumerable.Range(0, set.Count).Select(p => (set[p].UserId, set[p].MovieId)).ToHashSet();

        data.ProbePairs.Should().NotBeEmpty().And.OnlyContain(p => rated.Contains(p));
        data.QualifyingPairs.Should().NotBeEmpty().And.OnlyContain(p => !rated.Contains(p));
        ((double)data.ProbePairs.Count / set.Count).Should().BeApproximately(Tiny.ProbeFraction, 0.004);
        var split = new ProbeSplitter(data.ProbePairs).Split(set, out int unmatched);
        unmatched.Should().Be(0);
        split.Test.Count.Should().Be(data.ProbePairs.Count);
    }

    [Fact]
    public void WriteTo_MovieTitles_AreLatin1WithNetflixQuirks()
    {
        using var folder = new TempFolder();
        SyntheticNetflixGenerator.WriteFiles(folder.Path, Tiny);
        byte[] bytes = File.ReadAllBytes(System.IO.Path.Combine(folder.Path, "movie_titles.txt"));
        string text = Encoding.Latin1.GetString(bytes);

        bytes.Should().Contain(0xE9, "é is one Latin-1 byte, not UTF-8's two");
        Encoding.Latin1.GetBytes(text).Should().Equal(bytes);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(Tiny.Movies);
        lines.Select(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(Enumerable.Range(1, Tiny.Movies));
        lines.Should().Contain(l => l.Split(',')[1] == "NULL");
        lines.Should().Contain(l => l.Split(',').Length > 3, "some titles contain commas");
        lines.Should().Contain(l => l.Contains("é", StringComparison.Ordinal));
        lines.Where(l => l.Split(',')[1] != "NULL").Select(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).Should().OnlyContain(y => y >= 1896 && y <= 2005);
    }

    [Fact]
    public void WriteTo_Cancelled_LeavesNoFiles()
    {
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var act = () => SyntheticNetflixGenerator.WriteFiles(folder.Path, Tiny, null, cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void WriteTo_OptionalFilesOff_WritesOnlyRatingsAndProbe()
    {
        using var folder = new TempFolder();
        var summary = SyntheticNetflixGenerator.WriteFiles(folder.Path, Tiny with { WriteQualifying = false, WriteMovieTitles = false, CombinedFiles = 3 });

        Directory.GetFiles(folder.Path).Select(System.IO.Path.GetFileName).Should().BeEquivalentTo(
            ["combined_data_1.txt", "combined_data_2.txt", "combined_data_3.txt", "probe.txt"]);
        summary.Ratings.Should().Be(Tiny.Ratings);
    }

    [Fact]
    public void Presets_TinyIsSmall_DemoAndNetflixScaleValidate()
    {
        // Speed belongs in benchmarks; here only the sizes that keep the tests quick.
        SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny).Count.Should().Be(SyntheticDataOptions.Tiny.Ratings);
        SyntheticDataOptions.Tiny.Ratings.Should().BeLessThanOrEqualTo(50_000);
        SyntheticDataOptions.Demo.Ratings.Should().BeInRange(500_000, 2_000_000);
        SyntheticDataOptions.NetflixScale.Should().Be(new SyntheticDataOptions());
        SyntheticDataOptions.NetflixScale.Ratings.Should().Be(100_480_507);
        var validate = () =>
        {
            SyntheticDataOptions.Demo.Validate();
            SyntheticDataOptions.NetflixScale.Validate();
        };
        validate.Should().NotThrow();
    }

    public static TheoryData<SyntheticDataOptions, string> BadOptions => new()
    {
        { Tiny with { Users = 1 }, nameof(SyntheticDataOptions.Users) },
        { Tiny with { Movies = 0 }, nameof(SyntheticDataOptions.Movies) },
        { Tiny with { Ratings = 199 }, nameof(SyntheticDataOptions.Ratings) },
        { Tiny with { Ratings = 200 * 500 + 1 }, nameof(SyntheticDataOptions.Ratings) },
        { Tiny with { MaxUserId = 999 }, nameof(SyntheticDataOptions.MaxUserId) },
        { Tiny with { Factors = 0 }, nameof(SyntheticDataOptions.Factors) },
        { Tiny with { NoiseStandardDeviation = double.NaN }, nameof(SyntheticDataOptions.NoiseStandardDeviation) },
        { Tiny with { CombinedFiles = 0 }, nameof(SyntheticDataOptions.CombinedFiles) },
        { Tiny with { ProbeFraction = 0.6 }, nameof(SyntheticDataOptions.ProbeFraction) },
        { Tiny with { QualifyingFraction = -0.1 }, nameof(SyntheticDataOptions.QualifyingFraction) },
        { Tiny with { LastDate = new DateOnly(1990, 1, 1) }, nameof(SyntheticDataOptions.LastDate) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_OptionOutOfRange_ThrowsNamingTheOption(SyntheticDataOptions options, string option)
    {
        var act = () => new SyntheticNetflixGenerator(options);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    /// <summary>RMSE of mu + b_u + b_i fitted by a few alternating least-squares sweeps (regularized like the Netflix baselines).</summary>
    private static double BiasOnlyRmse(RatingSet set)
    {
        double mu = set.Mean();
        var userBias = new double[set.Users.Count];
        var movieBias = new double[set.Movies.Count];
        for (int sweep = 0; sweep < 10; sweep++)
        {
            var sum = new double[set.Movies.Count];
            var count = new int[set.Movies.Count];
            for (int p = 0; p < set.Count; p++)
            {
                sum[set.MovieIndices[p]] += set.Ratings[p] - mu - userBias[set.UserIndices[p]];
                count[set.MovieIndices[p]]++;
            }
            for (int i = 0; i < movieBias.Length; i++) movieBias[i] = sum[i] / (count[i] + 25);
            sum = new double[set.Users.Count];
            count = new int[set.Users.Count];
            for (int p = 0; p < set.Count; p++)
            {
                sum[set.UserIndices[p]] += set.Ratings[p] - mu - movieBias[set.MovieIndices[p]];
                count[set.UserIndices[p]]++;
            }
            for (int u = 0; u < userBias.Length; u++) userBias[u] = sum[u] / (count[u] + 10);
        }
        double squares = 0;
        for (int p = 0; p < set.Count; p++)
        {
            double error = set.Ratings[p] - (mu + userBias[set.UserIndices[p]] + movieBias[set.MovieIndices[p]]);
            squares += error * error;
        }
        return Math.Sqrt(squares / set.Count);
    }

    [GeneratedRegex(@"^(\d+):$")]
    private static partial Regex MovieLine();

    [GeneratedRegex(@"^(\d+),([1-5]),(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex RatingLine();
}
