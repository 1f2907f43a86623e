using NetflixMf.Shared;

namespace NetflixMf.Data.Synthetic;

/// <summary>Walker's alias method (Vose's construction): O(1) draws from a fixed discrete distribution.</summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    /// <summary>Builds the table for weights proportional to <paramref name="weights"/> (all positive).</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        int n = weights.Length;
        _probability = new double[n];
        _alias = new int[n];
        double sum = 0;
        foreach (double w in weights) sum += w;
        var scaled = new double[n];
        var small = new int[n];
        var large = new int[n];
        int smallCount = 0, largeCount = 0;
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) small[smallCount++] = i;
            else large[largeCount++] = i;
        }
        while (smallCount > 0 && largeCount > 0)
        {
            int s = small[--smallCount], l = large[--largeCount];
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) small[smallCount++] = l;
            else large[largeCount++] = l;
        }
        while (largeCount > 0) _probability[large[--largeCount]] = 1;
        // Leftovers from rounding error are (numerically) exactly 1.
        while (smallCount > 0) _probability[small[--smallCount]] = 1;
    }

    /// <summary>Draws an index with one 64-bit random number: the high half of r x n picks the column, the low half is
    /// the uniform fraction that decides between the column and its alias.</summary>
    public int Sample(ref SeededRandom random)
    {
        ulong high = Math.BigMul(random.NextUInt64(), (ulong)_probability.Length, out ulong low);
        int column = (int)high;
        return (low >> 11) * (1.0 / (1UL << 53)) < _probability[column] ? column : _alias[column];
    }
}
