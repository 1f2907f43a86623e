using NetflixMf.Data;
using NetflixMf.Shared;
using NetflixMf.Training;

namespace NetflixMf.Tests;

/// <summary>
/// The entry point of this test assembly when a test runs it as a child process (<c>dotnet NetflixMf.Tests.dll
/// native-load-probe</c>): a fresh process is the only way to watch TorchSharp's one-time native load fail. The test
/// host never calls it.
/// </summary>
public static class NativeLoadProbe
{
    public const string Command = "native-load-probe";
    public const string Marker = "NativeLoadException: ";

    public static int Main(string[] args)
    {
        if (args is not [Command]) return 2;
        try
        {
            var ratings = RatingSet.FromRatings([(1, 1, 3f), (2, 1, 4f), (1, 2, 5f)], RatingScale.Netflix);
            using var model = new FactorizationTrainer(new TrainerOptions { Epochs = 1, EmbeddingDimension = 2 }).Train(ratings).Model;
            Console.WriteLine("loaded");
            return 0;
        }
        catch (NativeLoadException e)
        {
            // TorchSharp prints its own trace to the console first; the marker finds this line after it.
            Console.WriteLine($"{Marker}{e.Failure}: {e.Message}");
            return 3;
        }
    }
}
