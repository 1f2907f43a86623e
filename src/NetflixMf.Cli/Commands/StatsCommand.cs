using System.CommandLine;
using System.Globalization;
using NetflixMf.Cli.Output;
using NetflixMf.Cli.Rendering;
using NetflixMf.Cli.Workflow;
using NetflixMf.Data;
using NetflixMf.Shared;

namespace NetflixMf.Cli.Commands;

/// <summary><c>netflixmf stats</c>: reads a data set and prints its counts, scale, dates and skipped lines.</summary>
internal sealed class StatsCommand(ConsoleRenderer renderer) : CliCommand(renderer)
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<RatingFileFormat> _format = CliOptions.Format();
    private readonly Option<BadLinePolicy> _onBadLine = CliOptions.OnBadLine();
    private readonly Option<bool> _json = CliOptions.Json();

    protected override Command Create() => new("stats", "Read a data set and print its size, scale, dates and skipped lines.")
    {
        _data, _format, _onBadLine, _json,
    };

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        bool json = parse.GetValue(_json);
        LoadedData data = await LoadAsync(parse.GetRequiredValue(_data), parse.GetValue(_format), parse.GetValue(_onBadLine), quiet: json, cancellationToken).ConfigureAwait(false);
        StatsJson stats = Describe(data);
        if (json)
        {
            Renderer.Line(CliJson.Serialize(stats));
            return ExitCodes.Success;
        }

        Renderer.Line($"data           {stats.Path} ({stats.Format}, {stats.Files.Count} file{(stats.Files.Count == 1 ? "" : "s")})");
        Renderer.Line($"ratings        {ConsoleRenderer.FormatCount(stats.Ratings)}");
        Renderer.Line($"users          {ConsoleRenderer.FormatCount(stats.Users)}");
        Renderer.Line($"movies         {ConsoleRenderer.FormatCount(stats.Movies)}");
        Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"scale          {stats.Scale.Minimum}..{stats.Scale.Maximum}, mean {stats.MeanRating:F4}"));
        double density = stats.Users == 0 || stats.Movies == 0 ? 0 : stats.Ratings / ((double)stats.Users * stats.Movies);
        Renderer.Line(string.Create(CultureInfo.InvariantCulture, $"density        {density:P3}"));
        if (stats.FirstDate is not null) Renderer.Line($"dates          {stats.FirstDate} .. {stats.LastDate}");
        Renderer.Line($"skipped lines  {ConsoleRenderer.FormatCount(stats.SkippedLines)}");
        foreach (string example in data.SkippedExamples) Renderer.Line($"  {example}");
        Renderer.Line($"read in        {ConsoleRenderer.FormatSeconds(stats.Seconds)}");
        return ExitCodes.Success;
    }

    private static StatsJson Describe(LoadedData data)
    {
        RatingSet set = data.Ratings;
        string? first = null, last = null;
        if (set.HasDates && set.Count > 0)
        {
            ushort min = ushort.MaxValue, max = ushort.MinValue;
            foreach (ushort day in set.DayNumbers)
            {
                if (day < min) min = day;
                if (day > max) max = day;
            }
            first = UnixEpoch.AddDays(min).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            last = UnixEpoch.AddDays(max).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return new StatsJson(
            data.Path,
            data.Format,
            set.Count,
            set.Users.Count,
            set.Movies.Count,
            data.SkippedLines,
            new ScaleJson(set.Scale.Minimum, set.Scale.Maximum),
            set.Mean(),
            first,
            last,
            data.Files,
            Math.Round(data.Seconds, 3));
    }
}
