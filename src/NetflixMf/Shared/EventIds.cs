using Microsoft.Extensions.Logging;

namespace NetflixMf.Shared;

/// <summary>The event ids of NetflixMf's log messages, for filtering and for alerts that must not depend on message text.</summary>
/// <remarks>Loading uses 1000-1999 and training 2000-2999. Ids and names never change meaning once shipped.</remarks>
public static class EventIds
{
    /// <summary>Debug: a load starts (files, format, bytes, threads).</summary>
    public static readonly EventId LoadStarted = new(1000, nameof(LoadStarted));

    /// <summary>Information: a load finished; the message is the load report (<c>LoadReport</c>).</summary>
    public static readonly EventId LoadCompleted = new(1001, nameof(LoadCompleted));

    /// <summary>Warning: bad lines were skipped (<c>BadLinePolicy.Skip</c>).</summary>
    public static readonly EventId LinesSkipped = new(1002, nameof(LinesSkipped));

    /// <summary>Error: a bad line stopped the load (<c>BadLinePolicy.Error</c>).</summary>
    public static readonly EventId BadLine = new(1003, nameof(BadLine));

    /// <summary>Debug: training starts (ratings, users, movies, head, optimizer, device, threads).</summary>
    public static readonly EventId TrainingStarted = new(2000, nameof(TrainingStarted));

    /// <summary>Debug: an epoch finished (RMSE, time, speed, learning rate).</summary>
    public static readonly EventId EpochCompleted = new(2001, nameof(EpochCompleted));

    /// <summary>Information: training finished; a summary of the fit.</summary>
    public static readonly EventId TrainingCompleted = new(2002, nameof(TrainingCompleted));

    /// <summary>Information: early stopping ended training before the last epoch.</summary>
    public static readonly EventId StoppedEarly = new(2003, nameof(StoppedEarly));
}
