using System.CommandLine;
using NetflixMf.Cli.Workflow;

namespace NetflixMf.Cli.Commands;

/// <summary>The training flags <c>cv</c> and <c>tune</c> share with <c>train</c>; null means the library's default or the --options file's value.</summary>
internal sealed class TrainingFlags
{
    public Option<ModelKind> Model { get; } = new("--model") { HelpName = "dot|mlp", Description = "The model head: dot (biased matrix factorization) or mlp; ignored with --options.", DefaultValueFactory = _ => ModelKind.Dot };

    public Option<int?> Factors { get; } = new Option<int?>("--embedding-dimension", "--factors", "-k") { Description = "The embedding dimension k (default: the library's); --factors and -k are aliases.", HelpName = "K" }.Positive();

    public Option<int?> Epochs { get; } = new Option<int?>("--epochs") { Description = "Passes over the training ratings (default: the library's).", HelpName = "N" }.Positive();

    public Option<double?> LearningRate { get; } = new Option<double?>("--learning-rate") { Description = "The learning rate (default: the library's).", HelpName = "X" }.Positive();

    public Option<double?> L2 { get; } = new("--l2") { Description = "The L2 regularization weight (default: the library's).", HelpName = "X" };

    public Option<int?> Seed { get; } = new("--seed") { Description = "The seed of the folds, initialization and shuffling (default: the library's).", HelpName = "S" };

    public Option<int?> Threads { get; } = new Option<int?>("--threads") { Description = "CPU threads for training (default: the library's).", HelpName = "T" }.Positive();

    public Option<string?> Options { get; } = OptionsFile();

    /// <summary>The <c>--options FILE</c> flag: trainer options as JSON (what <c>tune --save</c> writes); other flags override it.</summary>
    public static Option<string?> OptionsFile() =>
        new("--options") { Description = "Trainer options as JSON (as written by tune --save); --factors, --epochs and the other flags override its values.", HelpName = "FILE" };

    public IEnumerable<Option> All => [Model, Factors, Epochs, LearningRate, L2, Seed, Threads, Options];

    public TrainRequest Request(ParseResult parse) => new(
        parse.GetValue(Model), parse.GetValue(Factors), parse.GetValue(Epochs), null, parse.GetValue(LearningRate), parse.GetValue(L2),
        parse.GetValue(Seed), null, parse.GetValue(Threads), parse.GetValue(Options));
}
