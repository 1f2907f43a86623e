using NetflixMf.Shared;

namespace NetflixMf.Data;

/// <summary>What a data path holds: the ratings files in reading order, their syntax, and the Netflix side files.</summary>
internal sealed record RatingLayout(
    DataKind Kind,
    IReadOnlyList<string> Files,
    bool HasCsvHeader,
    string? ProbePath,
    string? QualifyingPath,
    string? MovieTitlesPath)
{
    private const int SniffBytes = 64 * 1024;

    public RatingFileFormat Format => Kind == DataKind.NetflixBlocks ? RatingFileFormat.Netflix : RatingFileFormat.MovieLens;

    /// <summary>Finds the ratings files of a path and their syntax.</summary>
    /// <remarks>
    /// A folder may hold <c>combined_data_*.txt</c> (preferred: the same ratings as <c>training_set</c> in four big
    /// files, which read faster), a <c>training_set</c> folder, <c>mv_*.txt</c> files (the training_set folder itself),
    /// or one MovieLens file (<c>ratings.csv</c>, <c>ratings.dat</c>, <c>u.data</c>). Files are read in ordinal name order.
    /// </remarks>
    public static RatingLayout Detect(string path, RatingFileFormat format)
    {
        string[] files;
        string[] sideFolders;
        bool netflixByName;
        if (Directory.Exists(path))
        {
            string folder = Path.GetFullPath(path);
            string trainingSet = Path.Combine(folder, "training_set");
            string[] combined = SortedFiles(folder, "combined_data_*.txt");
            string[] movieFiles = SortedFiles(folder, "mv_*.txt");
            if (combined.Length > 0)
            {
                (files, sideFolders, netflixByName) = (combined, [folder], true);
            }
            else if (Directory.Exists(trainingSet))
            {
                (files, sideFolders, netflixByName) = (SortedFiles(trainingSet, "mv_*.txt"), [folder], true);
            }
            else if (movieFiles.Length > 0)
            {
                string parent = Path.GetDirectoryName(folder) ?? folder;
                (files, sideFolders, netflixByName) = (movieFiles, [folder, parent], true);
            }
            else if (new[] { "ratings.csv", "ratings.dat", "u.data" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists) is { } single)
            {
                (files, sideFolders, netflixByName) = ([single], [folder], false);
            }
            else
            {
                throw new FileNotFoundException(
                    $"No ratings found in folder '{path}': expected combined_data_*.txt, training_set/, mv_*.txt, ratings.csv, ratings.dat or u.data.", path);
            }
            if (files.Length == 0) throw new FileNotFoundException($"No mv_*.txt files in '{trainingSet}'.", trainingSet);
        }
        else if (File.Exists(path))
        {
            string file = Path.GetFullPath(path);
            string name = Path.GetFileName(file);
            netflixByName = name.StartsWith("mv_", StringComparison.Ordinal) || name.StartsWith("combined_data_", StringComparison.Ordinal);
            (files, sideFolders) = ([file], [Path.GetDirectoryName(file)!]);
        }
        else
        {
            throw new FileNotFoundException($"Ratings path '{path}' is neither a file nor a folder.", path);
        }

        // Before any file is opened: opening a FIFO blocks until a writer appears, and a device may never end.
        foreach (string file in files) FileKind.RequireRegular(file, "ratings file", allowMissing: false);
        ReadOnlySpan<byte> firstLine = FirstNonBlankLine(files[0]);
        DataKind kind = format switch
        {
            RatingFileFormat.Netflix => DataKind.NetflixBlocks,
            RatingFileFormat.MovieLens => MovieLensKind(firstLine, files[0]),
            _ => netflixByName ? DataKind.NetflixBlocks : Sniff(firstLine, files[0]),
        };
        bool hasCsvHeader = kind == DataKind.MovieLensCsv && !firstLine.IsEmpty && (uint)(firstLine[0] - '0') > 9;
        string? Side(string name) => kind == DataKind.NetflixBlocks
            ? sideFolders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists)
            : null;
        return new RatingLayout(kind, files, hasCsvHeader, Side("probe.txt"), Side("qualifying.txt"), Side("movie_titles.txt"));
    }

    private static string[] SortedFiles(string folder, string pattern)
    {
        string[] files = Directory.GetFiles(folder, pattern, SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Netflix when the first line is a header or a <c>id,rating,date</c> line; else the MovieLens syntax.</summary>
    private static DataKind Sniff(ReadOnlySpan<byte> line, string file)
    {
        if (line.Contains((byte)':') && line.IndexOf("::"u8) < 0) return DataKind.NetflixBlocks;
        if (line.Count((byte)',') == 2 && line.Contains((byte)'-')) return DataKind.NetflixBlocks;
        if (line.IsEmpty && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".dat", StringComparison.OrdinalIgnoreCase)
            && !Path.GetFileName(file).StartsWith('u'))
        {
            return DataKind.NetflixBlocks;
        }
        return MovieLensKind(line, file);
    }

    private static DataKind MovieLensKind(ReadOnlySpan<byte> line, string file)
    {
        if (line.Contains((byte)'\t')) return DataKind.MovieLensTab;
        if (line.IndexOf("::"u8) >= 0) return DataKind.MovieLensDoubleColon;
        if (line.Contains((byte)',')) return DataKind.MovieLensCsv;
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return DataKind.MovieLensCsv;
        if (file.EndsWith(".dat", StringComparison.OrdinalIgnoreCase)) return DataKind.MovieLensDoubleColon;
        return DataKind.MovieLensTab;
    }

    /// <summary>The first non-blank line in the first 64 KB (BOM and CR removed), or empty.</summary>
    private static ReadOnlySpan<byte> FirstNonBlankLine(string file)
    {
        using var handle = File.OpenHandle(file);
        var buffer = new byte[(int)Math.Min(SniffBytes, RandomAccess.GetLength(handle))];
        int read = RandomAccess.Read(handle, buffer, 0);
        ReadOnlySpan<byte> data = buffer.AsSpan(0, read);
        if (data.StartsWith(AsciiFields.Utf8Bom)) data = data[3..];
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            var line = AsciiFields.TrimCarriageReturn(newline < 0 ? data : data[..newline]);
            if (!AsciiFields.IsBlank(line)) return line;
            data = newline < 0 ? default : data[(newline + 1)..];
        }
        return default;
    }
}
