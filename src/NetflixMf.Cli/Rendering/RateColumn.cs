using Spectre.Console;
using Spectre.Console.Rendering;

namespace NetflixMf.Cli.Rendering;

/// <summary>A Spectre progress column showing the task's speed in the CLI's units, for example <c>2.4M ratings/s</c>.</summary>
internal sealed class RateColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(ConsoleRenderer.FormatRate(task.Speed ?? 0, unit), new Style(Color.Grey));
}
