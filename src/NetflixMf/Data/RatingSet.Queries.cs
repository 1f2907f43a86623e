using System.Collections;

namespace NetflixMf.Data;

/// <summary>Everyday queries: enumerate the ratings with raw ids (LINQ works), and the movies a user rated.</summary>
public sealed partial class RatingSet : IEnumerable<Rating>
{
    /// <summary>Enumerates every rating with raw ids, in stored order.</summary>
    /// <remarks>Convenient for LINQ and small jobs; hot paths read the columns (<see cref="UserIndices"/>, <see cref="MovieIndices"/>, <see cref="Ratings"/>).</remarks>
    public IEnumerator<Rating> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The raw ids of the movies a user rated in this set, for example to exclude them from a recommendation.</summary>
    /// <param name="userId">The raw user id.</param>
    /// <returns>The movie ids; empty for a user with no rating here.</returns>
    /// <remarks>One pass over the user column (O(ratings)); to query many users, group once with LINQ instead.</remarks>
    public IReadOnlySet<int> GetRatedMovieIds(int userId) => All().GetRatedMovieIds(userId);
}
