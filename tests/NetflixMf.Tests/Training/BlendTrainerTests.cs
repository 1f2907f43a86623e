using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

public sealed class BlendTrainerTests
{
    /// <summary>A model predicting 3 + b_u + b_i for users 1..3 and movies 1..3.</summary>
    private static (SvdPlusPlusModel Model, byte[] File) Member(float[] userBiases, float[] movieBiases)
    {
        var model = new SvdPlusPlusModel(new SvdPlusPlusParameters(1, 3f, userBiases, movieBiases, new float[3], new float[3], null),
            IdIndex.FromIds([1, 2, 3]), IdIndex.FromIds([1, 2, 3]), RatingScale.Netflix, false, "");
        using var stream = new MemoryStream();
        model.Save(stream);
        return (model, stream.ToArray());
    }

    [Fact]
    public void Fit_RatingsAreAnExactLinearBlend_RecoversTheWeightsAndSavesABlendThatPredictsAlike()
    {
        var a = Member([0.1f, -0.4f, 0.3f], [0.2f, 0.5f, -0.3f]);
        var b = Member([-0.2f, 0.3f, 0.1f], [0.6f, -0.5f, 0.0f]);
        var pairs = new List<(int UserId, int MovieId, float Rating)>();
        for (int u = 1; u <= 3; u++)
        {
            for (int m = 1; m <= 3; m++) pairs.Add((u, m, (float)(0.5 + 0.3 * a.Model.Predict(u, m) + 0.6 * b.Model.Predict(u, m))));
        }
        var holdout = RatingSet.FromRatings(pairs, RatingScale.Netflix);

        var result = BlendTrainer.Fit([a.Model, b.Model], [a.File, b.File], ["a", "b"], holdout.All(), 0, CancellationToken.None);
        using var blend = result.Model;

        blend.Intercept.Should().BeApproximately(0.5, 1e-3);
        blend.Weights[0].Should().BeApproximately(0.3, 1e-3);
        blend.Weights[1].Should().BeApproximately(0.6, 1e-3);
        result.BlendRmse.Should().BeLessThan(1e-4);
        result.MemberRmse.Should().OnlyContain(r => r > 0.01);

        using var stream = new MemoryStream();
        var path = Path.Combine(Path.GetTempPath(), $"blend-{Guid.NewGuid():N}.nmf");
        try
        {
            blend.Save(path);
            using var loaded = RecommenderFile.Load(path);
            loaded.Should().BeOfType<BlendModel>();
            foreach (var (u, m, r) in pairs) loaded.Predict(u, m).Should().Be(blend.Predict(u, m)).And.BeApproximately(r, 1e-3f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SolveRidge_LargePenalty_ShrinksWeightsTowardZeroAndKeepsTheMean()
    {
        float[] x = [1, 2, 3, 4];
        float[] y = [2, 4, 6, 8];
        double[] free = BlendTrainer.SolveRidge([x], y, 0);
        double[] shrunk = BlendTrainer.SolveRidge([x], y, 1000);
        free[1].Should().BeApproximately(2, 1e-9);
        free[0].Should().BeApproximately(0, 1e-9);
        Math.Abs(shrunk[1]).Should().BeLessThan(0.01);
        shrunk[0].Should().BeApproximately(5, 0.05, "with the weight shrunk away the intercept is the mean rating");
    }
}
