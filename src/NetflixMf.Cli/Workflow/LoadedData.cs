using NetflixMf.Data;

namespace NetflixMf.Cli.Workflow;

/// <summary>A data set read by the library's loader, with what the loader reported.</summary>
/// <param name="Path">The file or folder the user gave.</param>
/// <param name="Ratings">The ratings.</param>
/// <param name="Format">The format that was read (detected or asked for).</param>
/// <param name="Files">The rating files read, in order.</param>
/// <param name="SkippedLines">Malformed lines skipped under --on-bad-line skip.</param>
/// <param name="SkippedExamples">The first skipped lines, each as FILE:LINE: problem (text).</param>
/// <param name="Seconds">How long reading took.</param>
/// <param name="ProbePath">The probe.txt found beside the ratings, if any.</param>
/// <param name="TitlesPath">The movie_titles.txt found beside the ratings, if any.</param>
internal sealed record LoadedData(
    string Path,
    RatingSet Ratings,
    string Format,
    IReadOnlyList<string> Files,
    long SkippedLines,
    IReadOnlyList<string> SkippedExamples,
    double Seconds,
    string? ProbePath,
    string? TitlesPath);
