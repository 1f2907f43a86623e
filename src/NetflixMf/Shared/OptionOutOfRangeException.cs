namespace NetflixMf.Shared;

/// <summary>An option of an options type is outside its allowed range; the properties say which, the range and the value.</summary>
/// <remarks>Derives from <see cref="ArgumentOutOfRangeException"/>, so existing handlers keep working; tools that show
/// the option under another name (a command-line flag) read <see cref="OptionsType"/>, <see cref="ArgumentException.ParamName"/>,
/// <see cref="Range"/> and <see cref="ArgumentOutOfRangeException.ActualValue"/> instead of parsing the message.</remarks>
public sealed class OptionOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="optionsType">The options type, for example <c>TrainerOptions</c>.</param>
    /// <param name="optionName">The option (property) name.</param>
    /// <param name="value">The value given.</param>
    /// <param name="range">The allowed range as text, for example <c>1..4096</c>.</param>
    public OptionOutOfRangeException(string optionsType, string optionName, object? value, string range)
        : base(optionName, value, $"{optionsType}.{optionName} must be in {range} (was {value ?? "null"}).")
    {
        OptionsType = optionsType;
        Range = range;
    }

    /// <summary>The options type the option belongs to.</summary>
    public string OptionsType { get; }

    /// <summary>The allowed range as text.</summary>
    public string Range { get; }
}
