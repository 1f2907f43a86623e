using NetflixMf.Tests.Models;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class FusedThreadDeterminismTests
{
    public static TheoryData<string> Objectives => new() { "rating", "ranking" };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Fit_FusedKernelOneOrTwoThreads_BitIdenticalPredictions(string objective)
    {
        // The CPU fused kernels' grids depend on the data alone, so the thread count must not change a single bit.
        var data = SyntheticRatings.Create(users: 400, movies: 300, ratings: 20_000);
        var options = (objective == "ranking" ? TrainerOptions.ForRanking() : new TrainerOptions()) with { EmbeddingDimension = 16, Epochs = 3, Seed = 11 };
        using var one = new FactorizationTrainer(options with { Threads = 1 }).Train(data.Train).Model;
        using var two = new FactorizationTrainer(options with { Threads = 2 }).Train(data.Train).Model;

        var source = data.Set;
        int n = data.Test.Count;
        var users = new int[n];
        var movies = new int[n];
        for (int i = 0; i < n; i++)
        {
            int p = data.Test.PositionAt(i);
            users[i] = source.Users.GetId(source.UserIndices[p]);
            movies[i] = source.Movies.GetId(source.MovieIndices[p]);
        }
        var fromOne = new float[n];
        var fromTwo = new float[n];
        one.Predict(users, movies, fromOne);
        two.Predict(users, movies, fromTwo);

        fromTwo.Select(BitConverter.SingleToInt32Bits).Should().Equal(fromOne.Select(BitConverter.SingleToInt32Bits));
        fromOne.Distinct().Should().HaveCountGreaterThan(n / 2, "the model must have learned something that varies per pair");
    }
}
