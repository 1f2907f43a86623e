using NetflixMf.Data;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

public sealed class SparseUserScheduleTests
{
    private static RatingSet Ratings(int users, int perUser)
    {
        var ratings = new List<(int UserId, int MovieId, float Rating)>();
        for (int u = 1; u <= users; u++)
        {
            for (int m = 1; m <= perUser; m++) ratings.Add((u, m, 1 + (u + m) % 5));
        }
        return RatingSet.FromRatings(ratings, RatingScale.Netflix);
    }

    [Fact]
    public void For_UsersWithReferenceRatings_KeepsOptions()
    {
        var options = new TrainerOptions();
        var (rate, decay, l2, sparsity) = SparseUserSchedule.For(Ratings(400, 80), options);
        (rate, decay, l2, sparsity).Should().Be((options.LearningRate, options.LearningRateDecay, options.L2Regularization, 1.0));
    }

    [Fact]
    public void For_SparseUsersDenseMovies_ScalesStepsUpAndL2Down()
    {
        var options = new TrainerOptions();
        // 20 ratings per user, 320 per movie: s = min(80 / 20, 320 / 80) = 4.
        var (rate, decay, l2, sparsity) = SparseUserSchedule.For(Ratings(320, 20), options);
        sparsity.Should().BeApproximately(4, 1e-9);
        rate.Should().BeApproximately((float)(options.LearningRate * Math.Pow(4, 0.9)), 1e-6f);
        decay.Should().BeApproximately((float)(1 - (1 - options.LearningRateDecay) * Math.Pow(4, 1.2)), 1e-6f);
        l2.Should().BeApproximately(options.L2Regularization / 2, 1e-6f);
    }

    [Fact]
    public void Sparsity_SparseUsersSparseMovies_One()
    {
        // 20 ratings per user but only 30 per movie (a small set): left as given.
        SparseUserSchedule.For(Ratings(30, 20), new TrainerOptions()).Sparsity.Should().Be(1);
    }

    [Fact]
    public void Sparsity_CountsOnlyUsersAndMoviesOfTheView()
    {
        var set = Ratings(400, 40);
        // The first 100 users' ratings: 40 per user, 100 per movie, s = min(2, 1.25); the whole set gives min(2, 5).
        SparseUserSchedule.Sparsity(new RatingView(set, [.. Enumerable.Range(0, 4000)])).Should().BeApproximately(1.25, 1e-9);
        SparseUserSchedule.Sparsity(set).Should().BeApproximately(2, 1e-9);
    }
}
