using NetflixMf.Data;

namespace NetflixMf.Tests.Training;

/// <summary>
/// Implicit (user, movie) pairs with planted tastes: four groups of users each like most of their own 15 movies, and everyone
/// also picks a few of 40 globally popular movies (Zipf weights). The most-popular list knows nothing of the groups.
/// </summary>
internal sealed class PlantedPreferences
{
    public const int Groups = 4;
    public const int MoviesPerGroup = 15;
    public const int PopularMovies = 40;

    public required RatingSet Set { get; init; }
    public required RatingView Train { get; init; }
    public required RatingView Test { get; init; }

    /// <summary>The group whose taste a movie id belongs to, or -1 for a popular movie.</summary>
    public static int GroupOfMovie(int movieId) => movieId - 1 < Groups * MoviesPerGroup ? (movieId - 1) / MoviesPerGroup : -1;

    public static PlantedPreferences Create(int users = 400, int liked = 10, int popular = 6, int heldOut = 4, int seed = 11)
    {
        var random = new Random(seed);
        double[] zipf = [.. Enumerable.Range(1, PopularMovies).Select(r => 1.0 / r)];
        double total = zipf.Sum();
        var pairs = new List<(int UserId, int MovieId, float Rating)>();
        var testPositions = new List<int>();
        var trainPositions = new List<int>();
        for (int u = 0; u < users; u++)
        {
            int group = u % Groups;
            var chosen = new HashSet<int>();
            while (chosen.Count < liked) chosen.Add(1 + group * MoviesPerGroup + random.Next(MoviesPerGroup));
            while (chosen.Count < liked + popular)
            {
                double x = random.NextDouble() * total;
                int r = 0;
                while (r < PopularMovies - 1 && (x -= zipf[r]) > 0) r++;
                chosen.Add(1 + Groups * MoviesPerGroup + r);
            }
            int[] movies = [.. chosen];
            random.Shuffle(movies);
            for (int i = 0; i < movies.Length; i++)
            {
                (i < heldOut ? testPositions : trainPositions).Add(pairs.Count);
                pairs.Add((u + 1, movies[i], 1f));
            }
        }
        var set = RatingSet.FromRatings(pairs, new RatingScale(1, 1));
        return new PlantedPreferences { Set = set, Train = new RatingView(set, [.. trainPositions]), Test = new RatingView(set, [.. testPositions]) };
    }
}
