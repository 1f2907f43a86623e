using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NetflixMf.Cli.Rendering;

/// <summary>
/// All console output of the CLI: plain lines, errors, and progress. On an interactive terminal progress is a Spectre
/// bar with rate and ETA; when the output is redirected (or is not the console, as in tests) it is plain lines.
/// </summary>
internal sealed class ConsoleRenderer
{
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();

    public ConsoleRenderer(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        Interactive = ReferenceEquals(output, Console.Out)
            && !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Interactive;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Whether progress is drawn as live bars (a terminal) rather than plain lines.</summary>
    public bool Interactive { get; }

    public void Line(string text = "")
    {
        lock (_gate)
        {
            if (Interactive) AnsiConsole.Profile.Out.Writer.WriteLine(text);
            else Output.WriteLine(text);
        }
    }

    public void ErrorLine(string text)
    {
        lock (_gate) Error.WriteLine(text);
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool while showing its progress; returns its result.</summary>
    /// <param name="description">What is being done, for example "reading ratings".</param>
    /// <param name="unit">The unit of the progress counts, for the rate ("ratings", or <see cref="Bytes"/>); <see langword="null"/> shows no rate and, when redirected, no periodic lines (the work prints its own).</param>
    /// <param name="work">The work; it reports through the sink it is given.</param>
    /// <param name="cancellationToken">Stops the work (it must check the token itself).</param>
    public async Task<T> RunWithProgressAsync<T>(string description, string? unit, Func<ProgressSink, T> work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var columns = new List<ProgressColumn> { new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn() };
        if (unit is not null) columns.Add(new RateColumn(unit));
        columns.Add(new RemainingTimeColumn());
        columns.Add(new ElapsedTimeColumn());
        if (!Interactive)
        {
            Line($"{description}...");
            var plain = new PlainProgressSink(this, description, unit, clock);
            T plainResult = await Task.Run(() => work(plain), cancellationToken).ConfigureAwait(false);
            Line($"{description}: done in {FormatSeconds(clock.Elapsed.TotalSeconds)}{plain.RateSuffix()}");
            return plainResult;
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns([.. columns])
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                var sink = new SpectreProgressSink(this, task);
                result = await Task.Run(() => work(sink), cancellationToken).ConfigureAwait(false);
                if (task.MaxValue <= 1) task.MaxValue = Math.Max(1, task.Value);
                task.Value = task.MaxValue;
                task.StopTask();
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Prints recommendations as an aligned table: rank, movie id, predicted rating and (when known) title.</summary>
    public void RecommendationTable(IReadOnlyList<Models.Recommendation> recommendations, IReadOnlyDictionary<int, string>? titles)
    {
        Line("     #     movie  predicted  title");
        for (int i = 0; i < recommendations.Count; i++)
        {
            var r = recommendations[i];
            string title = titles?.GetValueOrDefault(r.MovieId) ?? string.Empty;
            Line(string.Create(CultureInfo.InvariantCulture, $"  {i + 1,4}  {r.MovieId,8}  {r.PredictedRating,9:F3}  {title}"));
        }
    }

    /// <summary>Prints predicted against actual ratings as an aligned table.</summary>
    public void PredictionTable(IEnumerable<(int UserId, int MovieId, float Actual, float Predicted)> rows, IReadOnlyDictionary<int, string>? titles)
    {
        Line("      user     movie  actual  predicted  title");
        foreach (var (userId, movieId, actual, predicted) in rows)
        {
            string title = titles?.GetValueOrDefault(movieId) ?? string.Empty;
            Line(string.Create(CultureInfo.InvariantCulture, $"  {userId,8}  {movieId,8}  {actual,6:F1}  {predicted,9:F3}  {title}"));
        }
    }

    public static string FormatSeconds(double seconds) =>
        seconds.ToString(seconds < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " s";

    /// <summary>The progress unit of byte counts: its rate is shown as MB/s.</summary>
    public const string Bytes = "B";

    /// <summary>A rate with a metric suffix, for example <c>2.4M ratings/s</c> (or <c>85.3 MB/s</c> for <see cref="Bytes"/>).</summary>
    public static string FormatRate(double perSecond, string unit)
    {
        if (double.IsNaN(perSecond) || double.IsInfinity(perSecond) || perSecond <= 0) return unit == Bytes ? "- MB/s" : $"- {unit}/s";
        if (unit == Bytes) return string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e6:F1} MB/s");
        string number = perSecond switch
        {
            >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e9:F1}G"),
            >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e6:F1}M"),
            >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e3:F1}k"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{perSecond:F1}"),
        };
        return $"{number} {unit}/s";
    }

    /// <summary>A count with thousands separators, culture-invariant.</summary>
    public static string FormatCount(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class PlainProgressSink(ConsoleRenderer renderer, string description, string? unit, Stopwatch clock) : ProgressSink
    {
        private TimeSpan _lastPrinted = TimeSpan.Zero;
        private double _completed;

        public override void Report(double completed, double total)
        {
            _completed = completed;
            TimeSpan now = clock.Elapsed;
            if (unit is null || now - _lastPrinted < PlainProgressInterval || total <= 0) return;
            _lastPrinted = now;
            double fraction = Math.Clamp(completed / total, 0, 1);
            renderer.Line(string.Create(CultureInfo.InvariantCulture, $"  {description}: {fraction:P0}, {FormatRate(completed / now.TotalSeconds, unit)}"));
        }

        public override void Line(string text) => renderer.Line(text);

        public string RateSuffix() => unit is not null && _completed > 0 && clock.Elapsed.TotalSeconds > 0
            ? $", {FormatRate(_completed / clock.Elapsed.TotalSeconds, unit)}"
            : string.Empty;
    }

    private sealed class SpectreProgressSink(ConsoleRenderer renderer, ProgressTask task) : ProgressSink
    {
        public override void Report(double completed, double total)
        {
            if (total > 0 && total != task.MaxValue) task.MaxValue = total;
            task.Value = completed;
        }

        // Spectre redraws the live bars below anything written through AnsiConsole while they are shown.
        public override void Line(string text)
        {
            lock (renderer._gate) AnsiConsole.WriteLine(text);
        }
    }
}
