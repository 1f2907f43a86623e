using ScottPlot;

namespace NetflixMf.Cli.Output;

/// <summary>Draws the learning curve (train and test RMSE per epoch) as SVG or PNG, chosen by the file extension.</summary>
internal static class LearningCurvePlot
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>Whether <paramref name="path"/> names a format the plot can be saved as.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".PNG" or ".SVG";

    public static void Save(string path, IReadOnlyList<EpochPoint> epochs, string title)
    {
        var plot = new Plot();
        double[] x = [.. epochs.Select(e => (double)e.Epoch)];
        var train = plot.Add.Scatter(x, [.. epochs.Select(e => e.TrainRmse)]);
        train.LegendText = "train RMSE";
        train.MarkerSize = 6;
        if (epochs.Any(e => !double.IsNaN(e.TestRmse)))
        {
            var test = plot.Add.Scatter(x, [.. epochs.Select(e => e.TestRmse)]);
            test.LegendText = "test RMSE";
            test.MarkerSize = 6;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("RMSE");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, Width, Height);
        else plot.SavePng(path, Width, Height);
    }
}
