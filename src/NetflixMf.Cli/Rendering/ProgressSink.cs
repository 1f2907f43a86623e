namespace NetflixMf.Cli.Rendering;

/// <summary>Where long work reports how far it has come; safe to call from any thread.</summary>
internal abstract class ProgressSink
{
    /// <summary>Reports <paramref name="completed"/> units out of <paramref name="total"/>.</summary>
    public abstract void Report(double completed, double total);

    /// <summary>Writes a line of output (for example one epoch's result) without breaking the progress display.</summary>
    public abstract void Line(string text);

    /// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the caller's thread (never through a synchronization context, so lines keep their order).</summary>
    public IProgress<T> For<T>(Action<ProgressSink, T> report) => new Adapter<T>(this, report);

    private sealed class Adapter<T>(ProgressSink sink, Action<ProgressSink, T> report) : IProgress<T>
    {
        public void Report(T value) => report(sink, value);
    }
}
