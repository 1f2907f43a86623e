using System.Diagnostics.CodeAnalysis;

namespace NetflixMf.Data;

/// <summary>The movie titles of a data set, looked up by raw movie id.</summary>
public sealed class MovieTitles
{
    private readonly Dictionary<int, MovieTitle> _byId;

    /// <summary>Creates the lookup; movie ids must be distinct.</summary>
    /// <exception cref="ArgumentException">Two titles have the same movie id.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public MovieTitles(IEnumerable<MovieTitle> titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        All = [.. titles];
        _byId = new Dictionary<int, MovieTitle>(All.Count);
        foreach (var title in All)
        {
            if (!_byId.TryAdd(title.MovieId, title)) throw new ArgumentException($"Movie id {title.MovieId} appears twice.", nameof(titles));
        }
    }

    /// <summary>Every title in file order.</summary>
    public IReadOnlyList<MovieTitle> All { get; }

    /// <summary>The number of titles.</summary>
    public int Count => All.Count;

    /// <summary>Finds the title of a raw movie id.</summary>
    /// <returns><see langword="true"/> when the movie is known.</returns>
    public bool TryGetTitle(int movieId, [NotNullWhen(true)] out MovieTitle? title) => _byId.TryGetValue(movieId, out title);

    /// <summary>The title of a raw movie id.</summary>
    /// <exception cref="KeyNotFoundException">The movie is unknown.</exception>
    public MovieTitle this[int movieId] =>
        _byId.TryGetValue(movieId, out var title) ? title : throw new KeyNotFoundException($"Movie id {movieId} has no title.");
}
