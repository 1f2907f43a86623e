using System.Globalization;

namespace NetflixMf.Models;

/// <summary>
/// Creates a <see cref="FactorizationHead"/> once the embedding and table sizes are known; its <see cref="Name"/> is
/// stored in model files. The built-in heads are <see cref="DotProduct"/>, <see cref="Mlp"/> and <see cref="NeuMf"/>;
/// <see cref="Create"/> makes the factory of a custom head.
/// </summary>
public sealed class HeadFactory
{
    private const string DotName = "dot";
    private const string MlpPrefix = "mlp";
    private const string NeuMfPrefix = "neumf";
    private readonly Func<HeadContext, FactorizationHead> _create;

    private HeadFactory(string name, Func<HeadContext, FactorizationHead> create, bool isBuiltIn)
    {
        Name = name;
        _create = create;
        IsBuiltIn = isBuiltIn;
    }

    /// <summary>The dot-product head (classic biased matrix factorization), saved as "dot".</summary>
    public static HeadFactory DotProduct { get; } = new(DotName, _ => new DotProductHead(), isBuiltIn: true);

    /// <summary>
    /// The name saved in model files; <see cref="FactorizationModel.Load(string, HeadFactory?)"/> needs a factory of
    /// the same name to rebuild a custom head. It should say everything that shapes the head's parameters.
    /// </summary>
    public string Name { get; }

    /// <summary>Whether this is one of the built-in heads (rebuilt from its name when a model is loaded).</summary>
    public bool IsBuiltIn { get; }

    /// <summary>An MLP head of the given shape, saved as e.g. "mlp(128,64;dropout=0.3)".</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static HeadFactory Mlp(MlpHeadOptions? options = null)
    {
        options ??= new MlpHeadOptions();
        options.Validate();
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{MlpPrefix}({string.Join(',', options.HiddenLayers)};dropout={options.Dropout:R})");
        var captured = options with { HiddenLayers = [.. options.HiddenLayers] };
        return new HeadFactory(name, context => new MlpHead(context.EmbeddingDimension, captured), isBuiltIn: true);
    }

    /// <summary>A NeuMF head (GMF and MLP branches fused by a linear layer) of the given shape, saved as e.g. "neumf(32;64,32)".</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static HeadFactory NeuMf(NeuMfHeadOptions? options = null)
    {
        options ??= new NeuMfHeadOptions();
        options.Validate();
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{NeuMfPrefix}({options.MlpEmbeddingDimension};{string.Join(',', options.HiddenLayers)})");
        var captured = options with { HiddenLayers = [.. options.HiddenLayers] };
        return new HeadFactory(name, context => new NeuMfHead(context, captured), isBuiltIn: true);
    }

    /// <summary>Creates a factory for a custom head.</summary>
    /// <param name="name">The name saved in model files; pass a factory of the same name to load them. The built-in
    /// names ("dot", "mlp", "neumf" and names starting with "mlp(" or "neumf(") are reserved.</param>
    /// <param name="create">Builds a new head for the sizes in the context.</param>
    /// <exception cref="ArgumentException">The name is empty or reserved for a built-in head.</exception>
    public static HeadFactory Create(string name, Func<HeadContext, FactorizationHead> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (IsReserved(name))
        {
            throw new ArgumentException(
                $"The head name '{name}' is reserved for a built-in head (dot, mlp, neumf): use HeadFactory.{(name.StartsWith(NeuMfPrefix, StringComparison.OrdinalIgnoreCase) ? "NeuMf" : name.StartsWith(MlpPrefix, StringComparison.OrdinalIgnoreCase) ? "Mlp" : "DotProduct")} for the built-in one, or give the custom head another name.",
                nameof(name));
        }
        return new HeadFactory(name, create, isBuiltIn: false);
    }

    /// <summary>Creates a new, randomly initialised head.</summary>
    /// <exception cref="InvalidOperationException">The factory's delegate returned <see langword="null"/>.</exception>
    public FactorizationHead CreateHead(HeadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _create(context) ?? throw new InvalidOperationException($"Head factory '{Name}' returned null.");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Rebuilds a built-in factory from the name saved in a model file.</summary>
    internal static HeadFactory? FromBuiltInName(string name)
    {
        if (name == DotName) return DotProduct;
        if (name.StartsWith(NeuMfPrefix + "(", StringComparison.Ordinal) && name.EndsWith(')'))
        {
            string[] neumf = name[(NeuMfPrefix.Length + 1)..^1].Split(';');
            if (neumf.Length != 2 || !int.TryParse(neumf[0], NumberStyles.None, CultureInfo.InvariantCulture, out int dimension)) return null;
            if (ParseWidths(neumf[1]) is not { } hidden) return null;
            try
            {
                return NeuMf(new NeuMfHeadOptions { MlpEmbeddingDimension = dimension, HiddenLayers = hidden });
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        return ParseMlpName(name) is { } options ? Mlp(options) : null;
    }

    /// <summary>The options of a built-in MLP head name such as <c>mlp(64,32;dropout=0)</c>, or <see langword="null"/>.</summary>
    internal static MlpHeadOptions? ParseMlpName(string name)
    {
        if (!name.StartsWith(MlpPrefix + "(", StringComparison.Ordinal) || !name.EndsWith(')')) return null;
        string[] parts = name[(MlpPrefix.Length + 1)..^1].Split(';');
        if (parts.Length != 2 || !parts[1].StartsWith("dropout=", StringComparison.Ordinal)) return null;
        if (ParseWidths(parts[0]) is not { } widths) return null;
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

    private static bool IsReserved(string name)
    {
        string trimmed = name.Trim();
        return trimmed.Equals(DotName, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(MlpPrefix, StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(NeuMfPrefix, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(MlpPrefix + "(", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith(NeuMfPrefix + "(", StringComparison.OrdinalIgnoreCase);
    }

    private static List<int>? ParseWidths(string text)
    {
        var widths = new List<int>();
        foreach (string width in text.Split(','))
        {
            if (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out int w)) return null;
            widths.Add(w);
        }
        return widths;
    }
}
