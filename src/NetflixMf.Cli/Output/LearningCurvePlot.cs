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

    /// <summary>Draws the curve to <paramref name="path"/> (SVG or PNG by its extension).</summary>
    public static void Save(string path, IReadOnlyList<EpochPoint> epochs, string title)
    {
        using var file = File.Create(path);
        Save(file, Path.GetExtension(path), epochs, title);
    }

    /// <summary>Draws the curve to <paramref name="destination"/> as SVG or PNG, chosen by <paramref name="extension"/>.</summary>
    public static void Save(Stream destination, string extension, IReadOnlyList<EpochPoint> epochs, string title)
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

        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase)) destination.Write(System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height)));
        else destination.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }
}
