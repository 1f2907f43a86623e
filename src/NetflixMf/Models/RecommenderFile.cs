using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>Loads any saved recommender (factorization model or baseline) by the kind its file header declares.</summary>
/// <remarks>
/// Each kind of model file starts with its own 8-byte magic. To add a kind, add one line to the kind table: its magic
/// and its loader.
/// </remarks>
public static class RecommenderFile
{
    private static readonly (string Magic, Func<string, HeadFactory?, IRecommender> Load)[] Kinds =
    [
        ("NETFLXMF", (path, head) => FactorizationModel.Load(path, head)),
        ("NETFLXBL", (path, _) => BaselineModelFile.Load(path)),
    ];

    /// <summary>Loads the recommender saved in <paramref name="path"/>, whatever its kind.</summary>
    /// <param name="path">A file written by <see cref="FactorizationModel.Save(string)"/>, <see cref="PopularityRecommender.Save(string)"/> or <see cref="BiasRecommender.Save(string)"/>.</param>
    /// <param name="headFactory">The factory of a custom head, for factorization models trained with one.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file of a known kind, or is truncated or corrupt.</exception>
    /// <exception cref="InvalidOperationException">The file uses a custom head and no factory of that name was given.</exception>
    public static IRecommender Load(string path, HeadFactory? headFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string magic = ReadMagic(path);
        foreach (var kind in Kinds)
        {
            if (kind.Magic == magic) return kind.Load(path, headFactory);
        }
        throw new InvalidDataException($"{path} is not a NetflixMf model file (unknown header).");
    }

    private static string ReadMagic(string path)
    {
        // Checked before opening: opening a FIFO blocks until a writer appears.
        FileKind.RequireRegular(path, "model file", allowMissing: false);
        Span<byte> header = stackalloc byte[8];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var text = new char[read];
        for (int i = 0; i < read; i++) text[i] = header[i] is >= 0x20 and < 0x7F ? (char)header[i] : '?';
        return new string(text);
    }
}
