using System.Globalization;

namespace NetflixMf.Tests.Data.Synthetic;

/// <summary>A deliberately naive, string-based parser of the Netflix text format, independent of the library's readers.</summary>
internal static class SyntheticTestFiles
{
    public static List<(int UserId, int MovieId, int Rating, DateOnly Date)> ParseCombined(string path)
    {
        var result = new List<(int, int, int, DateOnly)>();
        int movie = -1;
        foreach (string line in File.ReadLines(path))
        {
            if (line.EndsWith(':')) movie = int.Parse(line[..^1], CultureInfo.InvariantCulture);
            else
            {
                var parts = line.Split(',');
                result.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), movie, int.Parse(parts[1], CultureInfo.InvariantCulture), DateOnly.ParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        }
        return result;
    }

    public static List<(int UserId, int MovieId)> ParsePairs(string path)
    {
        var result = new List<(int, int)>();
        int movie = -1;
        foreach (string line in File.ReadLines(path))
        {
            if (line.EndsWith(':')) movie = int.Parse(line[..^1], CultureInfo.InvariantCulture);
            else result.Add((int.Parse(line.Split(',')[0], CultureInfo.InvariantCulture), movie));
        }
        return result;
    }
}
