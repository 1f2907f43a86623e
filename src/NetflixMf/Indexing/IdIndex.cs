namespace NetflixMf.Indexing;

/// <summary>
/// A bijection between raw ids from the files (CustomerId, MovieId, MovieLens user/item ids) and dense 0-based indices.
/// </summary>
/// <remarks>
/// Index <c>i</c> is the rank of the id among the distinct ids in ascending order, so the same set of ids always gives
/// the same indices whatever the order of the files or the number of threads that read them. The index is saved with
/// every model so that raw ids keep their meaning at serving time.
/// </remarks>
public sealed class IdIndex
{
    private readonly int[] _ids;
    // Raw ids are small positive integers in both Netflix (<= 2,649,429) and MovieLens, so a direct table sized by the
    // largest id is the fastest lookup (10 MB for Netflix users); sparse huge ids fall back to binary search.
    private const int MaxDirectTableLength = 1 << 25;
    private readonly int[]? _indexById;

    private IdIndex(int[] sortedDistinctIds)
    {
        _ids = sortedDistinctIds;
        long max = _ids.Length == 0 ? 0 : _ids[^1];
        if (max < MaxDirectTableLength)
        {
            _indexById = new int[max + 1];
            Array.Fill(_indexById, -1);
            for (int i = 0; i < _ids.Length; i++) _indexById[_ids[i]] = i;
        }
    }

    /// <summary>The number of distinct ids.</summary>
    public int Count => _ids.Length;

    /// <summary>The raw ids in index order (ascending).</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>Creates an index from ids in any order, with or without repeats.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is negative.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IdIndex FromIds(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = new SortedSet<int>();
        foreach (int id in ids)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id, nameof(ids));
            distinct.Add(id);
        }
        return new IdIndex([.. distinct]);
    }

    /// <summary>Creates an index from ids that are already strictly ascending (no copy is made).</summary>
    internal static IdIndex FromSortedDistinct(int[] ids)
    {
        for (int i = 1; i < ids.Length; i++)
        {
            if (ids[i] <= ids[i - 1]) throw new ArgumentException("Ids must be strictly ascending.", nameof(ids));
        }
        if (ids.Length > 0 && ids[0] < 0) throw new ArgumentOutOfRangeException(nameof(ids), "Ids must not be negative.");
        return new IdIndex(ids);
    }

    /// <summary>Gets the dense index of a raw id.</summary>
    /// <returns><see langword="true"/> when the id is known.</returns>
    public bool TryGetIndex(int id, out int index)
    {
        if (_indexById is not null)
        {
            index = (uint)id < (uint)_indexById.Length ? _indexById[id] : -1;
            return index >= 0;
        }
        index = Array.BinarySearch(_ids, id);
        if (index >= 0) return true;
        index = -1;
        return false;
    }

    /// <summary>Gets the dense index of a raw id.</summary>
    /// <exception cref="KeyNotFoundException">The id is not in the index.</exception>
    public int GetIndex(int id) =>
        TryGetIndex(id, out int index) ? index : throw new KeyNotFoundException($"Id {id} is not in the index.");

    /// <summary>Whether the raw id is known.</summary>
    public bool Contains(int id) => TryGetIndex(id, out _);

    /// <summary>Gets the raw id at a dense index.</summary>
    public int GetId(int index) => _ids[index];
}
