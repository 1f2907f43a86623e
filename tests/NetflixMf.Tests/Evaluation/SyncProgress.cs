namespace NetflixMf.Tests.Evaluation;

/// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts), so tests see every report before the call returns.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
