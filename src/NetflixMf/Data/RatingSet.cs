using NetflixMf.Indexing;
using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>
/// An immutable, column-wise set of ratings: dense user index, dense movie index, rating and (optionally) the day of
/// the rating, each in its own array, with the id indexes that map dense indices back to raw ids.
/// </summary>
/// <remarks>
/// Memory is 14 bytes per rating (4 + 4 + 4 + 2) plus the indexes, so the full Netflix Prize (100,480,507 ratings)
/// takes about 1.4 GB. Splits and views refer to positions in this set and never copy it.
/// </remarks>
public sealed partial class RatingSet
{
    private readonly int[] _userIndices;
    private readonly int[] _movieIndices;
    private readonly float[] _ratings;
    private readonly ushort[]? _days;

    /// <summary>Creates a rating set from columns that already use dense indices of <paramref name="users"/> and <paramref name="movies"/>.</summary>
    /// <remarks>The arrays are taken over, not copied; the caller must not change them afterwards.</remarks>
    /// <exception cref="ArgumentException">The columns differ in length, or an index or rating is out of range.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public RatingSet(IdIndex users, IdIndex movies, int[] userIndices, int[] movieIndices, float[] ratings, ushort[]? days, RatingScale scale)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(movies);
        ArgumentNullException.ThrowIfNull(userIndices);
        ArgumentNullException.ThrowIfNull(movieIndices);
        ArgumentNullException.ThrowIfNull(ratings);
        if (movieIndices.Length != userIndices.Length || ratings.Length != userIndices.Length || (days is not null && days.Length != userIndices.Length))
        {
            throw new ArgumentException("All rating columns must have the same length.");
        }
        ValidateIndices(userIndices, users.Count, nameof(userIndices));
        ValidateIndices(movieIndices, movies.Count, nameof(movieIndices));
        foreach (float r in ratings)
        {
            if (!scale.Contains(r)) throw new ArgumentException($"Rating {r} is outside the scale {scale.Minimum}..{scale.Maximum}.", nameof(ratings));
        }
        Users = users;
        Movies = movies;
        _userIndices = userIndices;
        _movieIndices = movieIndices;
        _ratings = ratings;
        _days = days;
        Scale = scale;
    }

    /// <summary>Creates a rating set from raw (user id, movie id, rating) triples, building both id indexes.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static RatingSet FromRatings(IReadOnlyList<(int UserId, int MovieId, float Rating)> ratings, RatingScale scale)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var users = IdIndex.FromIds(ratings.Select(r => r.UserId));
        var movies = IdIndex.FromIds(ratings.Select(r => r.MovieId));
        var u = new int[ratings.Count];
        var m = new int[ratings.Count];
        var v = new float[ratings.Count];
        for (int i = 0; i < ratings.Count; i++)
        {
            u[i] = users.GetIndex(ratings[i].UserId);
            m[i] = movies.GetIndex(ratings[i].MovieId);
            v[i] = ratings[i].Rating;
        }
        return new RatingSet(users, movies, u, m, v, null, scale);
    }

    /// <summary>The number of ratings.</summary>
    public int Count => _ratings.Length;

    /// <summary>The user (customer) id index.</summary>
    public IdIndex Users { get; }

    /// <summary>The movie id index.</summary>
    public IdIndex Movies { get; }

    /// <summary>The valid rating range of this data.</summary>
    public RatingScale Scale { get; }

    /// <summary>Dense user index of each rating.</summary>
    public ReadOnlySpan<int> UserIndices => _userIndices;

    /// <summary>Dense movie index of each rating.</summary>
    public ReadOnlySpan<int> MovieIndices => _movieIndices;

    /// <summary>The rating values.</summary>
    public ReadOnlySpan<float> Ratings => _ratings;

    /// <summary>Whether the set carries the date of each rating.</summary>
    public bool HasDates => _days is not null;

    /// <summary>The day of each rating as days since 1970-01-01, or an empty span when <see cref="HasDates"/> is false.</summary>
    public ReadOnlySpan<ushort> DayNumbers => _days;

    /// <summary>The date of the rating at <paramref name="position"/>, or <see langword="null"/> without dates.</summary>
    public DateOnly? GetDate(int position) => _days is null ? null : UnixEpoch.AddDays(_days[position]);

    /// <summary>Converts a date to the day number stored in <see cref="DayNumbers"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range; the message names it.</exception>
    public static ushort ToDayNumber(DateOnly date)
    {
        int days = date.DayNumber - UnixEpoch.Date.DayNumber;
        if (days is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(date), date, "Dates must lie between 1970-01-01 and 2149-06-06.");
        return (ushort)days;
    }

    /// <summary>The rating at <paramref name="position"/> with raw ids.</summary>
    public Rating this[int position] => new(Users.GetId(_userIndices[position]), Movies.GetId(_movieIndices[position]), _ratings[position], GetDate(position));

    /// <summary>A view of every rating in this set.</summary>
    public RatingView All() => new(this, null);

    /// <summary>The mean of all ratings (0 for an empty set).</summary>
    public double Mean()
    {
        double sum = 0;
        foreach (float r in _ratings) sum += r;
        return _ratings.Length == 0 ? 0 : sum / _ratings.Length;
    }

    private static void ValidateIndices(int[] indices, int count, string name)
    {
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)count) throw new ArgumentException($"Index {i} is outside 0..{count - 1}.", name);
        }
    }
}
