using NetflixMf.Data.Synthetic;
using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

public sealed class ThreadIndependenceTests
{
    /// <summary>Runs <paramref name="work"/> where Parallel.For can use only one thread (it schedules on TaskScheduler.Current).</summary>
    private static T SingleThreaded<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).GetAwaiter().GetResult();

    [Fact]
    public void Splitters_OneThreadOrMany_GiveIdenticalPositions()
    {
        var data = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);
        var probe = Enumerable.Range(0, data.Count).Where(p => p % 7 == 0).Select(p => (data[p].UserId, data[p].MovieId)).ToArray();
        ITrainTestSplitter[] splitters = [new RandomSplitter(0.2, 1), new PerUserSplitter(0.2, 1), new TemporalSplitter(0.2, 1), new ProbeSplitter(probe)];

        foreach (var splitter in splitters)
        {
            var single = SingleThreaded(() => splitter.Split(data));
            var many = splitter.Split(data);
            single.Test.Positions.ToArray().Should().Equal(many.Test.Positions.ToArray(), splitter.GetType().Name);
            single.Train.Positions.ToArray().Should().Equal(many.Train.Positions.ToArray(), splitter.GetType().Name);
        }
    }

    [Fact]
    public void Generator_OneThreadOrMany_GivesIdenticalRatings()
    {
        var single = SingleThreaded(() => SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny));
        var many = SyntheticNetflixGenerator.GenerateRatingSet(SyntheticDataOptions.Tiny);

        single.UserIndices.ToArray().Should().Equal(many.UserIndices.ToArray());
        single.Ratings.ToArray().Should().Equal(many.Ratings.ToArray());
        single.DayNumbers.ToArray().Should().Equal(many.DayNumbers.ToArray());
    }
}
