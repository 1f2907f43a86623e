using System.Buffers.Text;

namespace NetflixMf.Data.Synthetic;

/// <summary>Formats Netflix-format lines straight into a large byte buffer that is flushed to a stream: no string per line.</summary>
internal sealed class Utf8Sink(Stream stream, int bufferSize = 1 << 20) : IDisposable
{
    // The longest line is "2147483647,5,2005-12-31\r\n" (25 bytes); flushing with this much room left never splits one.
    private const int MaxLine = 64;
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _length;

    /// <summary>Bytes written so far, flushed or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Makes room for one more line.</summary>
    public void BeginLine()
    {
        if (_length > _buffer.Length - MaxLine) Flush();
    }

    public void Write(int value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
        BytesWritten += written;
    }

    public void Write(byte asciiCharacter)
    {
        _buffer[_length++] = asciiCharacter;
        BytesWritten++;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                stream.Write(bytes);
                BytesWritten += bytes.Length;
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        BytesWritten += bytes.Length;
    }

    public void Flush()
    {
        stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    public void Dispose() => Flush();
}
