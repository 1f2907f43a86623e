using System.CommandLine;
using NetflixMf.Data;

namespace NetflixMf.Cli;

/// <summary>Which model head <c>train --model</c> asks for.</summary>
internal enum ModelKind
{
    Dot,
    Mlp,
    NeuMf,
    Popularity,
    Bias,
}

/// <summary>Which device <c>--device</c> asks for.</summary>
internal enum DeviceKind
{
    Cpu,
    Cuda,
}

/// <summary>
/// The option definitions the commands share. Each call returns a new instance, so every command owns its own symbols;
/// names, descriptions and parsing live here once.
/// </summary>
internal static class CliOptions
{
    public static Option<string> Data(string description = "A ratings file or a folder of them (Netflix Prize training_set/combined_data_*.txt, MovieLens u.data or ratings.csv/.dat).") =>
        new("--data") { Description = description, Required = true, HelpName = "PATH" };

    public static Option<RatingFileFormat> Format() =>
        new("--format") { HelpName = "auto|netflix|movielens", Description = "The file format; auto detects it from the names and the first lines.", DefaultValueFactory = _ => RatingFileFormat.Auto };

    public static Option<BadLinePolicy> OnBadLine() =>
        new("--on-bad-line") { HelpName = "error|skip", Description = "Stop at the first malformed line (error) or skip and count malformed lines (skip).", DefaultValueFactory = _ => BadLinePolicy.Error };

    public static Option<SplitSpec?> Split() =>
        new("--split")
        {
            Description = "How to hold out test ratings: probe (probe.txt in the data folder), random:F, user:F (F of each user's ratings) or temporal:F (each user's latest F). Default: probe when the data folder has a probe.txt, else random:0.1.",
            HelpName = SplitSpec.Forms,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (SplitSpec.TryParse(text, out var spec, out string? error)) return spec;
                result.AddError(error);
                return null;
            },
        };

    public static Option<string?> Test() =>
        new("--test") { Description = "Test ratings in a separate file or folder: train on all of --data, test on this.", HelpName = "PATH" };

    public static Option<bool> Json() =>
        new("--json") { Description = "Print one JSON object instead of text." };

    public static Option<string> ModelFile() =>
        new("--model") { Description = "A model saved by train --save.", Required = true, HelpName = "FILE" };

    public static Option<int> User(bool required = true) =>
        new("--user") { Description = "The raw user (Netflix CustomerID) id.", Required = required, HelpName = "ID" };

    public static Option<int> Movie() =>
        new("--movie") { Description = "The raw movie id.", Required = true, HelpName = "ID" };

    /// <summary>Fails the command line when both --split and --test are given: they are two ways of choosing the test set.</summary>
    public static void SplitOrTest(Command command, Option<SplitSpec?> split, Option<string?> test) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(split) is { Implicit: false } && result.GetResult(test) is { Implicit: false })
            {
                result.AddError("--split and --test cannot be used together: --test already is the test set.");
            }
        });

    /// <summary>Fails the command line when the option's value is not positive.</summary>
    public static T Positive<T>(this T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            string text = result.Tokens[^1].Value;
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && !(value > 0))
            {
                result.AddError($"{option.Name} must be positive, got {text}.");
            }
        });
        return option;
    }
}
