using System.Text;

namespace NetflixMf.Cli.Tests;

/// <summary>Captures output like a <see cref="StringWriter"/> and cancels a token the first time a marker is written: a deterministic Ctrl+C in the middle of a command.</summary>
internal sealed class CancelOnOutputWriter(string marker, CancellationTokenSource cancellation) : StringWriter
{
    private readonly StringBuilder _line = new();

    public override void Write(char value)
    {
        base.Write(value);
        _line.Append(value);
        if (value == '\n') CheckLine();
    }

    public override void Write(string? value)
    {
        base.Write(value);
        _line.Append(value);
        CheckLine();
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    private void CheckLine()
    {
        if (_line.ToString().Contains(marker, StringComparison.Ordinal)) cancellation.Cancel();
        int newline = _line.ToString().LastIndexOf('\n');
        if (newline >= 0) _line.Remove(0, newline + 1);
    }
}
