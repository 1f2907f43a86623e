using System.Collections;

namespace NetflixMf.Data;

/// <summary>Everyday queries: enumerate the ratings of the view with raw ids (LINQ works), and the movies a user rated in it.</summary>
public sealed partial class RatingView : IEnumerable<Rating>
{
    /// <summary>Enumerates the ratings of the view with raw ids, in view order.</summary>
    public IEnumerator<Rating> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return Source[PositionAt(i)];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The raw ids of the movies a user rated in this view, for example the training ratings to exclude from a recommendation.</summary>
    /// <param name="userId">The raw user id.</param>
    /// <returns>The movie ids; empty for a user with no rating in the view.</returns>
    /// <remarks>One pass over the view (O(ratings)).</remarks>
    public IReadOnlySet<int> GetRatedMovieIds(int userId)
    {
        var movies = new HashSet<int>();
        if (!Source.Users.TryGetIndex(userId, out int u)) return movies;
        var users = Source.UserIndices;
        var movieColumn = Source.MovieIndices;
        for (int i = 0; i < Count; i++)
        {
            int p = PositionAt(i);
            if (users[p] == u) movies.Add(Source.Movies.GetId(movieColumn[p]));
        }
        return movies;
    }
}
