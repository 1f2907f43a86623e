using System.Globalization;

namespace NetflixMf.Models;

/// <summary>The built-in head factories, and the one-line way to make a factory for a custom head.</summary>
public static class HeadFactory
{
    private const string DotName = "dot";
    private const string MlpPrefix = "mlp";

    /// <summary>The dot-product head (classic biased matrix factorization), saved as "dot".</summary>
    public static IHeadFactory DotProduct { get; } = new DelegateHeadFactory(DotName, _ => new DotProductHead());

    /// <summary>An MLP head of the given shape, saved as e.g. "mlp(128,64;dropout=0.3)".</summary>
    public static IHeadFactory Mlp(MlpHeadOptions? options = null)
    {
        options ??= new MlpHeadOptions();
        options.Validate();
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{MlpPrefix}({string.Join(',', options.HiddenLayers)};dropout={options.Dropout:R})");
        var captured = options with { HiddenLayers = [.. options.HiddenLayers] };
        return new DelegateHeadFactory(name, context => new MlpHead(context.EmbeddingDimension, captured));
    }

    /// <summary>Creates a factory for a custom head.</summary>
    /// <param name="name">The name saved in model files; pass a factory of the same name to load them.</param>
    /// <param name="create">Builds a new head for the embedding size in the context.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHeadFactory Create(string name, Func<HeadContext, FactorizationHead> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        return new DelegateHeadFactory(name, create);
    }

    /// <summary>Rebuilds a built-in factory from the name saved in a model file.</summary>
    internal static IHeadFactory? FromBuiltInName(string name)
    {
        if (name == DotName) return DotProduct;
        return ParseMlpName(name) is { } options ? Mlp(options) : null;
    }

    /// <summary>The options of a built-in MLP head name such as <c>mlp(64,32;dropout=0)</c>, or <see langword="null"/>.</summary>
    internal static MlpHeadOptions? ParseMlpName(string name)
    {
        if (!name.StartsWith(MlpPrefix + "(", StringComparison.Ordinal) || !name.EndsWith(')')) return null;
        string[] parts = name[(MlpPrefix.Length + 1)..^1].Split(';');
        if (parts.Length != 2 || !parts[1].StartsWith("dropout=", StringComparison.Ordinal)) return null;
        var widths = new List<int>();
        foreach (string width in parts[0].Split(','))
        {
            if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out int w)) return null;
            widths.Add(w);
        }
        if (!float.TryParse(parts[1]["dropout=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out float dropout)) return null;
        var options = new MlpHeadOptions { HiddenLayers = widths, Dropout = dropout };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        return options;
    }

    private sealed class DelegateHeadFactory(string name, Func<HeadContext, FactorizationHead> create) : IHeadFactory
    {
        public string Name { get; } = name;

        public FactorizationHead Create(HeadContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return create(context) ?? throw new InvalidOperationException($"Head factory '{Name}' returned null.");
        }

        public override string ToString() => Name;
    }
}
