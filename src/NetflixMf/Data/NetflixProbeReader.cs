
namespace NetflixMf.Data;

/// <summary>Reads the Netflix Prize <c>probe.txt</c>: <c>MovieID:</c> headers, then one <c>CustomerID</c> per line.</summary>
/// <remarks>The probe pairs (1,408,395 in the prize data) are also in the training set; a probe splitter holds them out.</remarks>
public static class NetflixProbeReader
{
    /// <summary>Reads every (user id, movie id) pair in file order.</summary>
    /// <exception cref="RatingFormatException">A line is bad; the message names the file and line.</exception>
    public static IReadOnlyList<(int UserId, int MovieId)> Read(string path, CancellationToken cancellationToken = default)
    {
        var pairs = new List<(int UserId, int MovieId)>();
        NetflixPairFile.Read(path, withDate: false, (user, movie, _) => pairs.Add((user, movie)), cancellationToken);
        return pairs;
    }
}
