using NetflixMf.Cli.Output;

namespace NetflixMf.Cli.Tests;

public sealed class LearningCurvePlotTests
{
    private static readonly EpochPoint[] Epochs =
    [
        new(1, 1.05, 1.08, 0.5),
        new(2, 0.93, 0.99, 0.5),
        new(3, 0.88, 0.96, 0.5),
        new(4, 0.85, 0.95, 0.5),
    ];

    [Fact]
    public void Save_PngExtension_WritesAPngImage()
    {
        using var folder = new TempFolder();
        string path = folder.File("curve.png");

        LearningCurvePlot.Save(path, Epochs, "dot model");

        byte[] bytes = File.ReadAllBytes(path);
        bytes.Length.Should().BeGreaterThan(1000);
        bytes.Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
    }

    [Fact]
    public void Save_SvgExtension_WritesAnSvgWithBothCurvesInTheLegend()
    {
        using var folder = new TempFolder();
        string path = folder.File("curve.SVG");

        LearningCurvePlot.Save(path, Epochs, "dot model");

        string svg = File.ReadAllText(path);
        svg.Should().Contain("<svg").And.Contain("train RMSE").And.Contain("test RMSE");
    }

    [Theory]
    [InlineData("a.png", true)]
    [InlineData("a.SVG", true)]
    [InlineData("a.jpg", false)]
    [InlineData("a", false)]
    public void IsSupported_ByExtension(string path, bool supported) =>
        LearningCurvePlot.IsSupported(path).Should().Be(supported);
}
