using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetflixMf.Cli.Output;

/// <summary>The rating scale as it appears in JSON output.</summary>
internal sealed record ScaleJson(float Minimum, float Maximum);

/// <summary>What <c>stats --json</c> prints.</summary>
internal sealed record StatsJson(
    string Path,
    string Format,
    long Ratings,
    int Users,
    int Movies,
    long SkippedLines,
    ScaleJson Scale,
    double MeanRating,
    string? FirstDate,
    string? LastDate,
    IReadOnlyList<string> Files,
    double Seconds);

/// <summary>One epoch in the --metrics file.</summary>
internal sealed record EpochJson(int Epoch, double TrainRmse, double TestRmse, double Seconds);

/// <summary>What <c>train --metrics FILE</c> writes.</summary>
internal sealed record MetricsJson(
    string Model,
    int Factors,
    string Data,
    string Split,
    long TrainRatings,
    long TestRatings,
    double LoadSeconds,
    double TrainSeconds,
    IReadOnlyList<EpochJson> Epochs,
    double TestRmse,
    double TestMae,
    long TestUnknownUsers,
    long TestUnknownMovies);

/// <summary>What <c>evaluate --json</c> prints.</summary>
internal sealed record EvaluateJson(string Model, string Test, long TestRatings, double Rmse, double Mae, long UnknownUsers, long UnknownMovies, double Seconds);

/// <summary>One recommended movie in <c>recommend --json</c>.</summary>
internal sealed record RecommendationJson(int Rank, int MovieId, float PredictedRating, string? Title);

/// <summary>What <c>recommend --json</c> prints.</summary>
internal sealed record RecommendJson(int User, bool KnownUser, int ExcludedMovies, IReadOnlyList<RecommendationJson> Recommendations);

/// <summary>Source-generated serialization of the CLI's JSON documents: camelCase names, NaN written as "NaN" rather than failing.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(MetricsJson))]
[JsonSerializable(typeof(EvaluateJson))]
[JsonSerializable(typeof(RecommendJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>Serializes the CLI's JSON documents.</summary>
internal static class CliJson
{
    public static string Serialize<T>(T document)
        where T : class =>
        JsonSerializer.Serialize(document, typeof(T), CliJsonContext.Default);

    public static Task WriteAsync<T>(Stream stream, T document, CancellationToken cancellationToken)
        where T : class =>
        JsonSerializer.SerializeAsync(stream, document, typeof(T), CliJsonContext.Default, cancellationToken);
}
