
namespace NetflixMf.Data;

/// <summary>The running state and outcome of parsing one chunk of a file: counts, bad lines, the current movie.</summary>
internal sealed class ChunkParseState
{
    private int _cursorPosition;
    private long _cursorLine;

    public ChunkParseState(string filePath, long firstLineNumber, BadLinePolicy policy, int maxExamples, RatingRules rules)
    {
        FilePath = filePath;
        Policy = policy;
        MaxExamples = maxExamples;
        Rules = rules;
        _cursorLine = firstLineNumber;
    }

    public string FilePath { get; }

    public BadLinePolicy Policy { get; }

    public int MaxExamples { get; }

    public RatingRules Rules { get; }

    /// <summary>Netflix only: &gt; 0 the current movie id, 0 before any header, -1 under an invalid header.</summary>
    public int MovieState { get; set; }

    /// <summary>MovieLens CSV only: the first non-blank line of this chunk is the column header.</summary>
    public bool ExpectCsvHeader { get; set; }

    public int Count { get; set; }

    public int MaxUserId { get; set; }

    public int MaxMovieId { get; set; }

    public long HeaderLines { get; set; }

    public long BlankLines { get; set; }

    public long[] SkippedByReason { get; } = new long[Enum.GetValues<BadLineReason>().Length];

    public List<BadLine> Examples { get; } = [];

    /// <summary>The bad line that stopped the chunk under <see cref="BadLinePolicy.Error"/>.</summary>
    public BadLine? Error { get; private set; }

    /// <summary>Records a bad line; returns <see langword="false"/> when parsing must stop (policy Error).</summary>
    public bool Bad(ReadOnlySpan<byte> data, int lineStart, ReadOnlySpan<byte> line, BadLineReason reason, string problem)
    {
        if (Policy == BadLinePolicy.Error)
        {
            Error = new BadLine(FilePath, LineNumberAt(data, lineStart), reason, problem, AsciiFields.ToText(line));
            return false;
        }
        SkippedByReason[(int)reason]++;
        if (Examples.Count < MaxExamples)
        {
            Examples.Add(new BadLine(FilePath, LineNumberAt(data, lineStart), reason, problem, AsciiFields.ToText(line)));
        }
        return true;
    }

    // Line numbers are only needed for the few lines we report, so they are counted lazily from a moving cursor
    // instead of on every line of the hot path; the cursor keeps the total work linear.
    private long LineNumberAt(ReadOnlySpan<byte> data, int position)
    {
        _cursorLine += data[_cursorPosition..position].Count((byte)'\n');
        _cursorPosition = position;
        return _cursorLine;
    }
}
