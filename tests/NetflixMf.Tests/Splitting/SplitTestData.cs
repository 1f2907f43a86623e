using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Splitting;

namespace NetflixMf.Tests.Splitting;

/// <summary>Small rating sets built inline for the splitter tests.</summary>
internal static class SplitTestData
{
    /// <summary>A random set: user i has between 1 and 40 distinct movies (so single-rating users exist), with dates
    /// drawn from a few days so that same-day ties are common.</summary>
    public static RatingSet Create(int users = 300, int movies = 120, int seed = 7, bool withDates = true)
    {
        var random = new Random(seed);
        var u = new List<int>();
        var m = new List<int>();
        var r = new List<float>();
        var d = new List<ushort>();
        for (int user = 0; user < users; user++)
        {
            int count = user % 10 == 0 ? 1 : random.Next(1, 41);
            foreach (int movie in Enumerable.Range(0, movies).OrderBy(_ => random.Next()).Take(count))
            {
                u.Add(user);
                m.Add(movie);
                r.Add(random.Next(1, 6));
                d.Add((ushort)(12_000 + random.Next(0, 30)));
            }
        }
        // Sparse raw ids like Netflix: user id = 7 * index + 3, movie id = index + 1.
        var userIndex = IdIndex.FromIds(Enumerable.Range(0, users).Select(i => 7 * i + 3));
        var movieIndex = IdIndex.FromIds(Enumerable.Range(1, movies));
        return new RatingSet(userIndex, movieIndex, [.. u], [.. m], [.. r], withDates ? [.. d] : null, RatingScale.Netflix);
    }

    /// <summary>The positions of a view as an array.</summary>
    public static int[] PositionsOf(RatingView view) => Enumerable.Range(0, view.Count).Select(view.PositionAt).ToArray();

    /// <summary>Asserts that the split is a disjoint, complete partition of <paramref name="data"/>.</summary>
    public static void ShouldPartition(TrainTestSplit split, RatingView data)
    {
        var train = PositionsOf(split.Train);
        var test = PositionsOf(split.Test);
        split.Source.Should().BeSameAs(data.Source);
        train.Intersect(test).Should().BeEmpty("no test rating may leak into training");
        // Sorted comparison: BeEquivalentTo on unordered collections is quadratic.
        train.Concat(test).Order().Should().Equal(PositionsOf(data).Order(), "train and test together must be the whole input");
        train.Should().OnlyHaveUniqueItems();
        test.Should().OnlyHaveUniqueItems();
    }
}
