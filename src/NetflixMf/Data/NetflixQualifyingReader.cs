using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>Reads the Netflix Prize <c>qualifying.txt</c>: <c>MovieID:</c> headers, then <c>CustomerID,YYYY-MM-DD</c> lines.</summary>
public static class NetflixQualifyingReader
{

    /// <summary>Reads every entry in file order.</summary>
    /// <exception cref="RatingFormatException">A line is bad; the message names the file and line.</exception>
    public static IReadOnlyList<NetflixQualifyingEntry> Read(string path, CancellationToken cancellationToken = default)
    {
        var entries = new List<NetflixQualifyingEntry>();
        NetflixPairFile.Read(path, withDate: true, (user, movie, day) => entries.Add(new(user, movie, UnixEpoch.AddDays(day))), cancellationToken);
        return entries;
    }
}
