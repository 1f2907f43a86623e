using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>Loads any saved recommender (factorization model, SVD++, blend or baseline) by the kind its file header declares.</summary>
/// <remarks>
/// Each kind of model file starts with its own 8-byte magic in the shared framing: <c>NETFLXMF</c>
/// (<see cref="FactorizationModel"/>), <c>NMFSVDPP</c> (<see cref="SvdPlusPlusModel"/>), <c>NMFBLEND</c>
/// (<see cref="BlendModel"/>) and <c>NETFLXBL</c> (<see cref="PopularityRecommender"/>, <see cref="BiasRecommender"/>).
/// To add a kind, add one line to the kind table: its magic and its loader.
/// </remarks>
public static class RecommenderFile
{
    private static readonly (string Magic, Func<Stream, string, HeadFactory?, IRecommender> Read)[] Kinds =
    [
        ("NETFLXMF", (stream, name, head) => ModelFile.Read(stream, name, head)),
        ("NMFSVDPP", (stream, name, _) => SvdPlusPlusModelFile.Read(stream, name)),
        ("NMFBLEND", (stream, name, _) => BlendModelFile.Read(stream, name)),
        ("NETFLXBL", (stream, name, _) => BaselineModelFile.Read(stream, name)),
    ];

    /// <summary>Loads the recommender saved in <paramref name="path"/>, whatever its kind.</summary>
    /// <param name="path">A file written by the <c>Save</c> method of any NetflixMf model.</param>
    /// <param name="headFactory">The factory of a custom head, for factorization models trained with one.</param>
    /// <returns>The model; dispose it when done.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file of a known kind, or is truncated or corrupt.</exception>
    /// <exception cref="InvalidOperationException">The file uses a custom head and no factory of that name was given.</exception>
    public static IRecommender Load(string path, HeadFactory? headFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Checked before opening: opening a FIFO blocks until a writer appears, and /dev/zero never ends.
        FileKind.RequireRegular(path, "model file", allowMissing: false);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(stream, path, headFactory);
    }

    /// <summary>Loads a recommender of any kind from a seekable stream positioned at its first byte.</summary>
    internal static IRecommender Load(Stream stream, string name, HeadFactory? headFactory = null)
    {
        long start = stream.Position;
        Span<byte> header = stackalloc byte[8];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var text = new char[read];
        for (int i = 0; i < read; i++) text[i] = header[i] is >= 0x20 and < 0x7F ? (char)header[i] : '?';
        string magic = new(text);
        foreach (var kind in Kinds)
        {
            if (kind.Magic == magic) return kind.Read(stream, name, headFactory);
        }
        throw new InvalidDataException($"{name} is not a NetflixMf model file (unknown header).");
    }
}
