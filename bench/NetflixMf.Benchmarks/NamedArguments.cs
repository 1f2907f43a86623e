using System.CommandLine;
using System.Globalization;

/// <summary>
/// The named values of a System.CommandLine command, looked up by option name, for benchmark commands with many
/// optional knobs. System.CommandLine parses, validates and documents them (`--help`); this only reads them back.
/// </summary>
internal sealed class NamedArguments
{
    private readonly ParseResult _parse;
    private readonly IReadOnlyDictionary<string, Option<string?>> _options;

    private NamedArguments(ParseResult parse, IReadOnlyDictionary<string, Option<string?>> options)
    {
        _parse = parse;
        _options = options;
    }

    /// <summary>Creates a command whose options are the given names (each `--name VALUE`, all optional).</summary>
    public static Command Command(string name, string description, Func<NamedArguments, int> action, params (string Name, string Description)[] options)
    {
        var command = new Command(name, description);
        var byName = new Dictionary<string, Option<string?>>(StringComparer.Ordinal);
        foreach (var (optionName, optionDescription) in options)
        {
            var option = new Option<string?>("--" + optionName) { Description = optionDescription };
            byName[optionName] = option;
            command.Options.Add(option);
        }
        command.SetAction(parse => action(new NamedArguments(parse, byName)));
        return command;
    }

    /// <summary>The text of option <paramref name="name"/>, or <see langword="null"/> when it was not given.</summary>
    public string? Get(string name) => _parse.GetValue(_options[name]);

    /// <summary>The integer value of option <paramref name="name"/>, or <see langword="null"/>.</summary>
    public int? GetInt(string name) => Get(name) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    /// <summary>The number value of option <paramref name="name"/>, or <see langword="null"/>.</summary>
    public float? GetFloat(string name) => Get(name) is { } text ? float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
