using System.CommandLine;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Splitting;
using NetflixMf.Training;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf blend</c>: fits a ridge linear blend of saved models on holdout ratings and saves it as a model.</summary>
internal sealed class BlendCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _models = new("--models") { Description = "The member models, comma-separated (files saved by train --save or blend --out).", Required = true, HelpName = "A.nmf,B.nmf,..." };
    private readonly Option<string> _data = CliOptions.Data("The holdout ratings the members were not trained on: a rating file, or a Netflix folder whose probe.txt ratings are the holdout.");
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<string> _holdout = new("--holdout") { HelpName = "probe|all", Description = "Which ratings of --data to fit on: probe (the probe.txt pairs; the default when the folder has one) or all.", DefaultValueFactory = _ => "auto" };
    private readonly Option<double> _l2 = new("--l2") { Description = "The ridge penalty per holdout rating.", HelpName = "X", DefaultValueFactory = _ => BlendTrainer.DefaultL2Regularization };
    private readonly Option<string> _out = new("--out") { Description = "Save the blend (with its members embedded) to this file.", Required = true, HelpName = "FILE" };

    protected override Command Create() => new("blend", "Fit a regularized linear blend of saved models on holdout ratings; report each model's and the blend's RMSE and save the blend as a model.")
    {
        _models, _data, _format, _onBadLine, _holdout, _l2, _out,
    };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string[] paths = parse.GetRequiredValue(_models).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) throw CliException.Usage("--models needs at least one model file.");
        foreach (string path in paths)
        {
            if (!File.Exists(path)) throw CliException.DataError($"{path}: no such model file.");
        }
        string holdoutKind = parse.GetValue(_holdout) ?? "auto";
        if (holdoutKind is not ("auto" or "probe" or "all")) throw CliException.Usage($"--holdout must be probe or all, got '{holdoutKind}'.");
        double l2 = parse.GetValue(_l2);
        if (!(l2 >= 0)) throw CliException.Usage($"--l2 must be >= 0, got {l2}.");
        using var outputs = new StagedOutputs();
        string outPath = parse.GetRequiredValue(_out);
        var outFile = outputs.Stage(outPath, "--out");

        LoadedData data = await LoadAsync(parse.GetRequiredValue(_data), parse.GetValue(_format), parse.GetValue(_onBadLine), quiet: false, cancellationToken).ConfigureAwait(false);
        RatingView holdout = data.Ratings.All();
        string description = "all ratings";
        if (holdoutKind == "probe" || (holdoutKind == "auto" && data.ProbePath is not null))
        {
            if (data.ProbePath is null) throw CliException.Usage($"--holdout probe needs a {DataSources.ProbeFileName} beside the ratings in {data.Path}.");
            holdout = new ProbeSplitter(DataSources.ReadProbe(data.ProbePath, cancellationToken)).Split(data.Ratings).Test;
            description = "probe";
        }
        Renderer.Line($"holdout: {ConsoleRenderer.FormatCount(holdout.Count)} ratings ({description})");
        BlendResult result = await Task.Run(() => BlendTrainer.Fit(paths, holdout, l2, cancellationToken), cancellationToken).ConfigureAwait(false);
        using var blend = result.Model;
        for (int k = 0; k < paths.Length; k++)
        {
            Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"  {paths[k]}: RMSE {result.MemberRmse[k]:F4}, weight {blend.Weights[k]:F4}"));
        }
        Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"blend: RMSE {result.BlendRmse:F4} (intercept {blend.Intercept:F4}) on {ConsoleRenderer.FormatCount(result.HoldoutRatings)} holdout ratings"));
        blend.Save(outFile.Stream);
        cancellationToken.ThrowIfCancellationRequested();
        outputs.Commit();
        Renderer.Line($"blend saved to {outPath}");
        return ExitCodes.Success;
    }
}
