namespace NetflixMf.Data;

/// <summary>Walks the lines of a whole file held in memory: BOM skipped, LF or CRLF, optional final line feed.</summary>
internal ref struct LineCursor
{
    private ReadOnlySpan<byte> _rest;

    public LineCursor(ReadOnlySpan<byte> data)
    {
        _rest = data.StartsWith(AsciiFields.Utf8Bom) ? data[3..] : data;
        LineNumber = 0;
    }

    /// <summary>The 1-based number of <see cref="Line"/>.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line without its line break.</summary>
    public ReadOnlySpan<byte> Line { get; private set; }

    public bool MoveNext()
    {
        if (_rest.IsEmpty) return false;
        int newline = _rest.IndexOf((byte)'\n');
        Line = AsciiFields.TrimCarriageReturn(newline < 0 ? _rest : _rest[..newline]);
        _rest = newline < 0 ? default : _rest[(newline + 1)..];
        LineNumber++;
        return true;
    }
}
