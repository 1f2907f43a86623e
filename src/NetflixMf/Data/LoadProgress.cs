namespace NetflixMf.Data;

/// <summary>Progress of a load: bytes read so far in the current phase out of the total bytes of all files.</summary>
/// <param name="Phase">The current phase; each phase reads every file once.</param>
/// <param name="BytesRead">Bytes read so far in this phase.</param>
/// <param name="TotalBytes">The size of all files read.</param>
public readonly record struct LoadProgress(LoadPhase Phase, long BytesRead, long TotalBytes)
{
    /// <summary>The fraction done in this phase, 0 to 1 (1 for empty input).</summary>
    public double Fraction => TotalBytes == 0 ? 1 : (double)BytesRead / TotalBytes;
}
