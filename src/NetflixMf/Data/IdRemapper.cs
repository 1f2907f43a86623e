using NetflixMf.Indexing;

namespace NetflixMf.Data;

/// <summary>Turns a column of raw ids into dense indices in place and returns the matching <see cref="IdIndex"/>.</summary>
internal static class IdRemapper
{
    // A rank table of max id + 1 ints is 10 MB for Netflix customers; beyond 64M ids (256 MB) fall back to sorting.
    private const int MaxDirectTableLength = 1 << 26;

    /// <summary>Replaces each raw id (all &gt; 0 and &lt;= <paramref name="maxId"/>) by its rank among the distinct ids.</summary>
    public static IdIndex RemapInPlace(int[] column, int maxId, ParallelOptions parallel)
    {
        if (column.Length == 0) return IdIndex.FromSortedDistinct([]);
        if (maxId >= MaxDirectTableLength) return RemapSparse(column);

        // Mark presence, then a prefix count turns presence into ranks. Racing writes all store the same 1, so the
        // marking needs no synchronization.
        int[] rank = new int[maxId + 1];
        ForRanges(column.Length, parallel, (from, to) =>
        {
            for (int i = from; i < to; i++) rank[column[i]] = 1;
        });
        int distinct = 0;
        for (int id = 0; id < rank.Length; id++) distinct += rank[id];
        int[] ids = new int[distinct];
        int next = 0;
        for (int id = 0; id < rank.Length; id++)
        {
            if (rank[id] != 0)
            {
                ids[next] = id;
                rank[id] = next++;
            }
        }
        ForRanges(column.Length, parallel, (from, to) =>
        {
            for (int i = from; i < to; i++) column[i] = rank[column[i]];
        });
        return IdIndex.FromSortedDistinct(ids);
    }

    private static IdIndex RemapSparse(int[] column)
    {
        int[] ids = [.. column.ToHashSet()];
        Array.Sort(ids);
        var rank = new Dictionary<int, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++) rank[ids[i]] = i;
        for (int i = 0; i < column.Length; i++) column[i] = rank[column[i]];
        return IdIndex.FromSortedDistinct(ids);
    }

    private static void ForRanges(int length, ParallelOptions parallel, Action<int, int> body)
    {
        int parts = Math.Max(1, Math.Min(parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism * 4 : Environment.ProcessorCount * 4, length / 65_536 + 1));
        Parallel.For(0, parts, parallel, p => body((int)((long)length * p / parts), (int)((long)length * (p + 1) / parts)));
    }
}
