namespace NetflixMf.Models;

/// <summary>Picks the best entries of a score array: the shared top-N selection of the recommenders.</summary>
internal static class TopList
{
    /// <summary>
    /// The indices of the <paramref name="count"/> highest scores, best first; ties go to the lower index, and -∞ or NaN
    /// scores (excluded movies) are never picked. O(n log count) with a min-heap; no sort of the whole array.
    /// </summary>
    public static int[] Best(ReadOnlySpan<float> scores, int count)
    {
        // Sized by the catalogue, never by count: count may be int.MaxValue.
        count = Math.Min(count, scores.Length);
        if (count <= 0) return [];
        var heap = new PriorityQueue<int, (float Score, int NegativeIndex)>(count + 1);
        for (int m = 0; m < scores.Length; m++)
        {
            float s = scores[m];
            if (float.IsNegativeInfinity(s) || float.IsNaN(s)) continue;
            if (heap.Count < count) heap.Enqueue(m, (s, -m));
            else if (heap.TryPeek(out _, out var worst) && (s > worst.Score || (s == worst.Score && -m > worst.NegativeIndex)))
            {
                heap.EnqueueDequeue(m, (s, -m));
            }
        }
        var best = new int[heap.Count];
        for (int i = best.Length - 1; i >= 0; i--) best[i] = heap.Dequeue();
        return best;
    }
}
