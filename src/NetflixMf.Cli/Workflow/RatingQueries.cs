using NetflixMf.Data;

namespace NetflixMf.Cli.Workflow;

/// <summary>Small look-ups over loaded ratings that the commands need for display.</summary>
internal static class RatingQueries
{
    /// <summary>The raw ids of the movies <paramref name="userId"/> rated in <paramref name="view"/> (empty for an unknown user).</summary>
    public static HashSet<int> MoviesRatedBy(RatingView view, int userId)
    {
        var rated = new HashSet<int>();
        RatingSet set = view.Source;
        if (!set.Users.TryGetIndex(userId, out int userIndex)) return rated;
        ReadOnlySpan<int> users = set.UserIndices, movies = set.MovieIndices;
        for (int i = 0; i < view.Count; i++)
        {
            int position = view.PositionAt(i);
            if (users[position] == userIndex) rated.Add(set.Movies.GetId(movies[position]));
        }
        return rated;
    }
}
