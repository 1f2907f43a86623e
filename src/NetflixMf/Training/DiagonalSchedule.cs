using System.Buffers;
using System.Runtime.CompilerServices;
using NetflixMf.Shared;

namespace NetflixMf.Training;

/// <summary>
/// Runs the blocks of one diagonal of a fused kernel's block grid (FPSG, Chin et al. 2015). The blocks of a diagonal
/// share no user and no movie, so threads take them in any order and the result is bit for bit that of a sequential
/// run: the thread count changes the speed, never the model.
/// </summary>
internal static class DiagonalSchedule
{
    /// <summary>
    /// The <paramref name="grid"/> diagonals of one epoch, each as its <paramref name="grid"/> block numbers (row-major,
    /// row x grid + column), after a seeded permutation of the block rows, the block columns and the diagonals. The
    /// returned array is reused from one diagonal to the next.
    /// </summary>
    public static IEnumerable<int[]> Diagonals(int grid, SeededRandom random)
    {
        int[] rowOrder = random.Permutation(grid);
        int[] columnOrder = random.Permutation(grid);
        int[] diagonalOrder = random.Permutation(grid);
        var blocks = new int[grid];
        foreach (int diagonal in diagonalOrder)
        {
            for (int i = 0; i < grid; i++) blocks[i] = rowOrder[i] * grid + columnOrder[(i + diagonal) % grid];
            yield return blocks;
        }
    }

    /// <summary>Runs every block of <paramref name="blocks"/> on up to <paramref name="threads"/> threads, each thread taking the next block free.</summary>
    /// <param name="blocks">The blocks of one diagonal.</param>
    /// <param name="threads">The worker threads (1 or more).</param>
    /// <param name="runBlock">Trains one block; gets a buffer of its worker's own, at least <paramref name="bufferLength"/> long.</param>
    /// <param name="bufferLength">The length of the per-worker scratch buffer.</param>
    /// <param name="cancellationToken">Checked before each block; a cancelled diagonal stops between blocks.</param>
    public static void Run(int[] blocks, int threads, Action<int, int[]> runBlock, int bufferLength, CancellationToken cancellationToken)
    {
        threads = Math.Min(threads, blocks.Length);
        var next = new StrongBox<int>(-1);
        if (threads <= 1)
        {
            RunWorker(blocks, next, runBlock, bufferLength, cancellationToken);
            return;
        }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => RunWorker(blocks, next, runBlock, bufferLength, cancellationToken));
    }

    private static void RunWorker(int[] blocks, StrongBox<int> next, Action<int, int[]> runBlock, int bufferLength, CancellationToken cancellationToken)
    {
        int[] buffer = ArrayPool<int>.Shared.Rent(Math.Max(1, bufferLength));
        try
        {
            while (true)
            {
                int i = Interlocked.Increment(ref next.Value);
                if (i >= blocks.Length || cancellationToken.IsCancellationRequested) return;
                runBlock(blocks[i], buffer);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }
}
