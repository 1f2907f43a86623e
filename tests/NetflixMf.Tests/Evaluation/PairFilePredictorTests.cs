using NetflixMf.Data;
using NetflixMf.Evaluation;
using NetflixMf.Indexing;
using NetflixMf.Models;

namespace NetflixMf.Tests.Evaluation;

public sealed class PairFilePredictorTests
{
    /// <summary>Users 1 and 2, movies 10 and 20: prediction = 3 + b_u + b_i (zero factors), no time terms.</summary>
    private static SvdPlusPlusModel Model() =>
        new(new SvdPlusPlusParameters(1, 3f, [0.25f, -0.5f], [0.5f, 1f], [0f, 0f], [0f, 0f], null), IdIndex.FromIds([1, 2]), IdIndex.FromIds([10, 20]), RatingScale.Netflix, false, "");

    [Fact]
    public void PredictNetflixPairs_Qualifying_WritesHeadersAndOnePredictionPerLineInFileOrder()
    {
        using var folder = new TempFolder();
        string pairs = folder.Write("qualifying.txt", "20:\n2,2005-01-01\n1,2005-01-02\n10:\n1,2004-12-31\n99,2005-01-01\n");
        string output = System.IO.Path.Combine(folder.Path, "submission.txt");
        using var model = Model();

        var report = PairFilePredictor.PredictNetflixPairs(model, pairs, output);

        File.ReadAllText(output).Should().Be("20:\n3.500\n4.250\n10:\n3.750\n3.500\n");
        report.Pairs.Should().Be(4);
        report.Rmse.Should().BeNull();
    }

    [Fact]
    public void PredictNetflixPairs_ProbeWithRatings_TakesTrueRatingsFromTheDataAndReportsRmse()
    {
        using var folder = new TempFolder();
        string pairs = folder.Write("probe.txt", "10:\n2\n1\n");
        string output = System.IO.Path.Combine(folder.Path, "probe-predictions.txt");
        var ratings = RatingSet.FromRatings([(1, 10, 4f), (2, 10, 2f), (1, 20, 5f)], RatingScale.Netflix);
        using var model = Model();

        var report = PairFilePredictor.PredictNetflixPairs(model, pairs, output, ratings);

        File.ReadAllText(output).Should().Be("10:\n3.000\n3.750\n");
        report.RatedPairs.Should().Be(2);
        report.Rmse.Should().BeApproximately(Math.Sqrt((1.0 * 1.0 + 0.25 * 0.25) / 2), 1e-6);
    }

    [Fact]
    public void PredictNetflixPairs_BadLine_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        string pairs = folder.Write("qualifying.txt", "10:\n1,2005-01-01\nx,2005-01-01\n");
        using var model = Model();
        var act = () => PairFilePredictor.PredictNetflixPairs(model, pairs, System.IO.Path.Combine(folder.Path, "out.txt"));
        act.Should().Throw<RatingFormatException>().WithMessage("*qualifying.txt:3*");
    }

    [Fact]
    public void PredictRatingFile_MovieLensRatings_WritesPredictionsAndRmse()
    {
        using var folder = new TempFolder();
        string ratings = folder.Write("u.data", "1\t10\t4\t881250949\n2\t20\t3\t881250949\n");
        string output = System.IO.Path.Combine(folder.Path, "predictions.csv");
        using var model = Model();

        var report = PairFilePredictor.PredictRatingFile(model, ratings, output);

        File.ReadAllText(output).Should().Be("1,10,3.750\n2,20,3.500\n");
        report.Rmse.Should().BeApproximately(Math.Sqrt((0.25 * 0.25 + 0.5 * 0.5) / 2), 1e-6);
    }
}
