using System.Buffers.Text;
using System.Diagnostics;
using NetflixMf.Data;
using NetflixMf.Splitting;

/// <summary>Feeds LIBMF the same ratings NetflixMf trains on, and describes a data set's shape.</summary>
internal static class LibmfCommands
{
    /// <summary>libmf-export --data DIR --out DIR: train.txt (all but probe) and probe.txt, "user movie rating" per line.</summary>
    public static int Export(string folder, string output)
    {
        var watch = Stopwatch.StartNew();
        var loaded = RatingDataLoader.Load(folder);
        string probePath = loaded.ProbePath ?? throw new ArgumentException($"{folder} has no probe.txt.");
        var split = new ProbeSplitter(NetflixProbeReader.Read(probePath)).Split(loaded.Ratings);
        Directory.CreateDirectory(output);
        Write(split.Train, Path.Combine(output, "train.txt"));
        Write(split.Test, Path.Combine(output, "probe.txt"));
        Console.WriteLine($"wrote {split.Train.Count:N0} training and {split.Test.Count:N0} probe ratings ({loaded.Ratings.Users.Count:N0} users, {loaded.Ratings.Movies.Count:N0} movies) to {output} in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static void Write(RatingView view, string path)
    {
        var source = view.Source;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 20];
        int used = 0;
        for (int i = 0; i < view.Count; i++)
        {
            if (used > buffer.Length - 64)
            {
                file.Write(buffer, 0, used);
                used = 0;
            }
            int p = view.PositionAt(i);
            Utf8Formatter.TryFormat(source.UserIndices[p], buffer.AsSpan(used), out int n);
            used += n;
            buffer[used++] = (byte)' ';
            Utf8Formatter.TryFormat(source.MovieIndices[p], buffer.AsSpan(used), out n);
            used += n;
            buffer[used++] = (byte)' ';
            Utf8Formatter.TryFormat(source.Ratings[p], buffer.AsSpan(used), out n);
            used += n;
            buffer[used++] = (byte)'\n';
        }
        file.Write(buffer, 0, used);
    }

    /// <summary>shape --data DIR: quantiles of ratings per user and per movie.</summary>
    public static int Shape(string folder)
    {
        var data = RatingDataLoader.Load(folder).Ratings;
        var perUser = new int[data.Users.Count];
        var perMovie = new int[data.Movies.Count];
        foreach (int u in data.UserIndices) perUser[u]++;
        foreach (int m in data.MovieIndices) perMovie[m]++;
        Console.WriteLine($"{data.Count:N0} ratings, {data.Users.Count:N0} users (largest id {data.Users.GetId(data.Users.Count - 1):N0}), {data.Movies.Count:N0} movies");
        // The fused kernel's layout for a G x G grid (movie columns cut at equal rating counts): one run per user and
        // movie block, 4 bytes per rating, 8 bytes and one user row fetched per run.
        foreach (int grid in new[] { 8, 12, 16, 24 })
        {
            var movieBlock = new int[perMovie.Length];
            long seen = 0;
            for (int m = 0; m < perMovie.Length; m++)
            {
                movieBlock[m] = (int)Math.Min(grid - 1, (2 * seen + perMovie[m]) * grid / (2L * data.Count));
                seen += perMovie[m];
            }
            var blocksOfUser = new ulong[perUser.Length];
            var userIndices = data.UserIndices;
            var movieIndices = data.MovieIndices;
            for (int i = 0; i < data.Count; i++) blocksOfUser[userIndices[i]] |= 1UL << movieBlock[movieIndices[i]];
            long runs = 0;
            foreach (ulong mask in blocksOfUser) runs += System.Numerics.BitOperations.PopCount(mask);
            double perRun = data.Count / (double)runs;
            Console.WriteLine($"grid {grid,2}: {runs:N0} runs, {perRun:F1} ratings per run; memory per rating at k = 64: 4 B entry + {(8 + 256.0) / perRun:F1} B run and user row; movie rows per block {perMovie.Length / grid * 256 / 1024:N0} KB");
        }
        Print("per user ", perUser);
        Print("per movie", perMovie);
        return 0;
    }

    private static void Print(string name, int[] counts)
    {
        Array.Sort(counts);
        int Q(double q) => counts[(int)Math.Min(counts.Length - 1, Math.Floor(q * counts.Length))];
        Console.WriteLine($"{name}: min {counts[0]:N0}, p10 {Q(0.1):N0}, p25 {Q(0.25):N0}, median {Q(0.5):N0}, p75 {Q(0.75):N0}, p90 {Q(0.9):N0}, p99 {Q(0.99):N0}, max {counts[^1]:N0}, mean {counts.Average():N1}");
    }
}
