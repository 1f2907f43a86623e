using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NetflixMf.Cli;

/// <summary>How <c>--split</c> asks to hold out test ratings.</summary>
internal enum SplitKind
{
    /// <summary>The Netflix Prize probe set (probe.txt in the data folder).</summary>
    Probe,

    /// <summary>A random fraction of all ratings.</summary>
    Random,

    /// <summary>A random fraction of each user's ratings.</summary>
    User,

    /// <summary>The latest fraction of each user's ratings by date.</summary>
    Temporal,
}

/// <summary>A parsed <c>--split</c> value: <c>probe</c>, <c>random:F</c>, <c>user:F</c> or <c>temporal:F</c> with 0 &lt; F &lt; 1.</summary>
internal readonly record struct SplitSpec(SplitKind Kind, double TestFraction)
{
    /// <summary>The accepted forms, for messages and help.</summary>
    public const string Forms = "probe|random:F|user:F|temporal:F";

    /// <summary>The split used when the data folder has no probe.txt.</summary>
    public static SplitSpec DefaultRandom { get; } = new(SplitKind.Random, 0.1);

    /// <summary>The probe split.</summary>
    public static SplitSpec Probe { get; } = new(SplitKind.Probe, 0);

    public static bool TryParse(string text, out SplitSpec spec, [NotNullWhen(false)] out string? error)
    {
        spec = default;
        string value = text.Trim();
        if (value.Equals("probe", StringComparison.OrdinalIgnoreCase))
        {
            spec = Probe;
            error = null;
            return true;
        }
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? value : value[..colon];
        SplitKind? kind = name.ToUpperInvariant() switch
        {
            "RANDOM" => SplitKind.Random,
            "USER" => SplitKind.User,
            "TEMPORAL" => SplitKind.Temporal,
            _ => null,
        };
        if (kind is null)
        {
            error = $"--split '{text}' is not one of {Forms}.";
            return false;
        }
        if (colon < 0
            || !double.TryParse(value[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction)
            || !(fraction > 0 && fraction < 1))
        {
            error = $"--split '{text}' needs a test fraction F with 0 < F < 1, for example {name.ToLowerInvariant()}:0.1.";
            return false;
        }
        spec = new SplitSpec(kind.Value, fraction);
        error = null;
        return true;
    }

    public override string ToString() => Kind == SplitKind.Probe
        ? "probe"
        : string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()}:{TestFraction}");
}
