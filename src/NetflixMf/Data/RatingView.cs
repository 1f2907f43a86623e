namespace NetflixMf.Data;

/// <summary>A subset of a <see cref="RatingSet"/> given by positions into it: what splits return, never a copy of the ratings.</summary>
public sealed partial class RatingView
{
    private readonly int[]? _positions;

    /// <summary>Creates a view of <paramref name="source"/>; <paramref name="positions"/> = <see langword="null"/> means every rating.</summary>
    /// <remarks>The positions array is taken over, not copied.</remarks>
    public RatingView(RatingSet source, int[]? positions)
        : this(source, positions, validate: true)
    {
    }

    /// <summary>Creates a view, skipping the O(n) position check when <paramref name="validate"/> is false: splitters
    /// only pick positions out of an already valid view, and re-checking 100M positions costs ~0.1 s per split.</summary>
    internal RatingView(RatingSet source, int[]? positions, bool validate)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (validate && positions is not null)
        {
            foreach (int p in positions)
            {
                if ((uint)p >= (uint)source.Count) throw new ArgumentOutOfRangeException(nameof(positions), p, $"Position is outside 0..{source.Count - 1}.");
            }
        }
        Source = source;
        _positions = positions;
    }

    /// <summary>The rating set the positions refer to.</summary>
    public RatingSet Source { get; }

    /// <summary>The number of ratings in the view.</summary>
    public int Count => _positions?.Length ?? Source.Count;

    /// <summary>Whether the view covers the whole source in order (then <see cref="Positions"/> is empty).</summary>
    public bool IsAll => _positions is null;

    /// <summary>The positions in <see cref="Source"/>; empty when <see cref="IsAll"/>.</summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>The position in <see cref="Source"/> of the <paramref name="i"/>-th rating of the view.</summary>
    public int PositionAt(int i) => _positions is null ? i : _positions[i];

    /// <summary>The mean rating of the view (0 when empty).</summary>
    public double Mean()
    {
        var ratings = Source.Ratings;
        if (_positions is null) return Source.Mean();
        double sum = 0;
        foreach (int p in _positions) sum += ratings[p];
        return _positions.Length == 0 ? 0 : sum / _positions.Length;
    }

    /// <summary>Implicitly views every rating of a set.</summary>
    public static implicit operator RatingView(RatingSet source) => source.All();
}
