using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Tests.Training;

/// <summary>Small dated rating sets for the SVD++ and time-bias tests.</summary>
internal static class PrizeTestData
{
    /// <summary>Low-rank ratings with a drifting user bias and a per-movie trend over 400 days; raw ids 10 * index + 1.</summary>
    public static RatingSet Dated(int users = 120, int movies = 80, int perUser = 30, int seed = 5)
    {
        var random = new Random(seed);
        double Normal(double std) => std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var p = new double[users, 2];
        var q = new double[movies, 2];
        var trend = new double[movies];
        for (int u = 0; u < users; u++) { p[u, 0] = Normal(0.7); p[u, 1] = Normal(0.7); }
        for (int m = 0; m < movies; m++) { q[m, 0] = Normal(0.7); q[m, 1] = Normal(0.7); trend[m] = Normal(0.5); }
        var ui = new List<int>();
        var mi = new List<int>();
        var values = new List<float>();
        var days = new List<ushort>();
        for (int u = 0; u < users; u++)
        {
            foreach (int m in Enumerable.Range(0, movies).OrderBy(_ => random.Next()).Take(perUser))
            {
                int day = 10_000 + random.Next(400);
                double r = 3.5 + p[u, 0] * q[m, 0] + p[u, 1] * q[m, 1] + trend[m] * (day - 10_200) / 200.0 + Normal(0.1);
                ui.Add(u);
                mi.Add(m);
                values.Add((float)Math.Clamp(r, 1, 5));
                days.Add((ushort)day);
            }
        }
        return new RatingSet(
            IdIndex.FromIds(Enumerable.Range(0, users).Select(u => 10 * u + 1)),
            IdIndex.FromIds(Enumerable.Range(0, movies).Select(m => 10 * m + 1)),
            [.. ui], [.. mi], [.. values], [.. days], RatingScale.Netflix);
    }

    /// <summary>Every 10th rating to test, the rest to train.</summary>
    public static (RatingView Train, RatingView Test) Split(RatingSet set) =>
        (new RatingView(set, [.. Enumerable.Range(0, set.Count).Where(i => i % 10 != 0)]), new RatingView(set, [.. Enumerable.Range(0, set.Count).Where(i => i % 10 == 0)]));
}
