using NetflixMf.Data;

namespace NetflixMf.Cli.Workflow;

/// <summary>The training and test ratings a command works on, and how they were chosen (for the output).</summary>
internal sealed record SplitResult(RatingView Train, RatingView Test, string Description);
