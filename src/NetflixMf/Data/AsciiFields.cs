using System.Runtime.CompilerServices;
using System.Text;

namespace NetflixMf.Data;

/// <summary>Allocation-free parsers for the ASCII fields of the rating files.</summary>
internal static class AsciiFields
{
    // Messages quote the offending line; a runaway line (a binary file) must not make a megabyte message.
    private const int MaxTextLength = 200;

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses 1..int.MaxValue written as plain digits (no sign, no spaces).</summary>
    public static bool TryParsePositiveInt(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 10) return false;
        long v = 0;
        foreach (byte b in s)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            v = v * 10 + d;
        }
        if (v is <= 0 or > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    /// <summary>Parses 0..long.MaxValue/10 written as plain digits.</summary>
    public static bool TryParseNonNegativeLong(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 18) return false;
        foreach (byte b in s)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>Parses <c>[-]digits[.digits]</c> (at most 6 digits each side) exactly into a float.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out float value)
    {
        value = 0;
        bool negative = false;
        if (!s.IsEmpty && s[0] == (byte)'-')
        {
            negative = true;
            s = s[1..];
        }
        int dot = s.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = dot < 0 ? s : s[..dot];
        ReadOnlySpan<byte> fraction = dot < 0 ? default : s[(dot + 1)..];
        if (whole.IsEmpty || whole.Length > 6 || fraction.Length > 6 || (dot >= 0 && fraction.IsEmpty)) return false;
        long w = 0, f = 0, scale = 1;
        foreach (byte b in whole)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            w = w * 10 + d;
        }
        foreach (byte b in fraction)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            f = f * 10 + d;
            scale *= 10;
        }
        double v = w + (double)f / scale;
        value = (float)(negative ? -v : v);
        return true;
    }

    /// <summary>Parses a real calendar date <c>YYYY-MM-DD</c> into days since 1970-01-01 (0..65535).</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out ushort dayNumber)
    {
        dayNumber = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        uint y0 = (uint)(s[0] - '0'), y1 = (uint)(s[1] - '0'), y2 = (uint)(s[2] - '0'), y3 = (uint)(s[3] - '0');
        uint m0 = (uint)(s[5] - '0'), m1 = (uint)(s[6] - '0'), d0 = (uint)(s[8] - '0'), d1 = (uint)(s[9] - '0');
        if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return false;
        return TryMakeDay((int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3), (int)(m0 * 10 + m1), (int)(d0 * 10 + d1), out dayNumber);
    }

    /// <summary>Turns a calendar date into days since 1970-01-01 when it is real and within 0..65535.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMakeDay(int year, int month, int day, out ushort dayNumber)
    {
        dayNumber = 0;
        if (year is < 1970 or > 2149 || (uint)(month - 1) > 11 || day < 1) return false;
        int daysInMonth = month == 2 ? (IsLeap(year) ? 29 : 28) : 30 + ((0x15AA >> month) & 1);
        if (day > daysInMonth) return false;
        int n = DaysFromCivil(year, month, day);
        if ((uint)n > ushort.MaxValue) return false;
        dayNumber = (ushort)n;
        return true;
    }

    /// <summary>Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        int era = y / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static bool IsLeap(int y) => (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);

    /// <summary>Whether the line holds only spaces and tabs (or nothing).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    /// <summary>The line as text for messages (UTF-8, invalid bytes replaced), cut at 200 characters.</summary>
    public static string ToText(ReadOnlySpan<byte> line) => ToText(line, Encoding.UTF8);

    /// <summary>
    /// The line as text for messages in <paramref name="encoding"/>, cut at 200 characters, with control characters
    /// (terminal escape sequences among them) shown as <c>\xNN</c> so a message never drives the terminal.
    /// </summary>
    public static string ToText(ReadOnlySpan<byte> line, Encoding encoding)
    {
        string text = encoding.GetString(line.Length > MaxTextLength * 4 ? line[..(MaxTextLength * 4)] : line);
        bool cut = text.Length > MaxTextLength;
        if (cut) text = text[..MaxTextLength];
        return EscapeControls(text) + (cut ? "..." : string.Empty);
    }

    /// <summary>Shows control characters other than tab (C0, DEL, C1: ESC starts terminal escape sequences) as <c>\xNN</c>.</summary>
    public static string EscapeControls(string text)
    {
        if (!text.AsSpan().ContainsAny(ControlCharacters)) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (ControlCharacters.Contains(c)) builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(c => c != '\t').Select(c => (char)c), (char)0x7F, .. Enumerable.Range(0x80, 32).Select(c => (char)c)]);

    /// <summary>A field as text for messages.</summary>
    public static string Quote(ReadOnlySpan<byte> field) => "'" + ToText(field) + "'";

    /// <summary>Removes one trailing carriage return (CRLF files).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;
}
