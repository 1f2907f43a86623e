namespace NetflixMf.Models;

/// <summary>The lifetime of a model shared by threads: a count of calls in flight, so disposing never frees memory in use.</summary>
public sealed partial class FactorizationModel
{
    private int _callsInFlight;
    private int _disposeRequested;
    private int _freed;

    /// <summary>
    /// Frees the native tensors of the model once no call is using them. Safe while other threads predict or recommend
    /// (a server swapping models): calls already running finish normally, calls starting afterwards throw
    /// <see cref="ObjectDisposedException"/>, and the memory is freed when the last running call returns.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeRequested, 1) != 0) return;
        // Interlocked.Exchange is a full fence: a call that entered before this point is counted below, and one that
        // enters after it sees the request and backs out (and frees, if it was the last).
        if (Volatile.Read(ref _callsInFlight) == 0) Free();
    }

    /// <summary>Registers a call that reads the tables or runs the head; dispose the lease when the call ends.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    private Lease Enter()
    {
        Interlocked.Increment(ref _callsInFlight);
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            Exit();
            throw new ObjectDisposedException(nameof(FactorizationModel));
        }
        return new Lease(this);
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _callsInFlight) == 0 && Volatile.Read(ref _disposeRequested) != 0) Free();
    }

    private void Free()
    {
        if (Interlocked.Exchange(ref _freed, 1) != 0) return;
        _tables.Dispose();
        _head.Dispose();
    }

    /// <summary>Whether the native memory has been freed (for tests).</summary>
    internal bool IsFreed => Volatile.Read(ref _freed) != 0;

    private readonly struct Lease(FactorizationModel model) : IDisposable
    {
        public void Dispose() => model.Exit();
    }
}
