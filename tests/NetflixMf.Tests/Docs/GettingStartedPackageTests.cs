using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NetflixMf.Tests.Docs;

/// <summary>
/// Follows docs/getting-started.md literally: runs its two "local folder feed" shell blocks (pack a unique version into
/// a folder feed; make a fresh console app whose nuget.config lists the feed; add the package and a backend), puts
/// the package README's C# example in Program.cs with a generated ml-100k/u.data beside it, and runs the app.
/// </summary>
/// <remarks>Slow (a pack, two restores, a build): filter it out locally with <c>--filter "Category!=Slow"</c>; CI runs it.</remarks>
public sealed partial class GettingStartedPackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nmf-getting-started-{Guid.NewGuid():N}");

    [Fact]
    [Trait("Category", "Slow")]
    public void LocalFeedSteps_PackRestoreAndRun_TrainAndRecommend()
    {
        if (!OperatingSystem.IsLinux()) return; // The steps add libtorch-cpu-linux-x64.
        string root = RepositoryRoot;
        string guide = File.ReadAllText(Path.Combine(root, "docs", "getting-started.md"));
        int section = guide.IndexOf("### From source, through a local folder feed", StringComparison.Ordinal);
        section.Should().BeGreaterThan(0, "getting-started.md has the local folder feed section");
        var blocks = BashBlock().Matches(guide[section..]).Select(m => m.Groups[1].Value).Take(2).ToList();
        blocks.Should().HaveCount(2);
        blocks[0].Should().Contain("dotnet pack");
        blocks[1].Should().Contain("dotnet add package NetflixMf");

        string home = Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
        string apps = Directory.CreateDirectory(Path.Combine(_folder, "apps")).FullName;
        string example = CSharpBlock().Match(File.ReadAllText(Path.Combine(root, "src", "NetflixMf", "PACKAGE.md"))).Groups[1].Value;
        example.Should().Contain("RatingDataLoader.Load(\"ml-100k/u.data\")");
        File.WriteAllText(Path.Combine(_folder, "Program.cs"), example);
        WriteMovieLens(Path.Combine(_folder, "u.data"));

        var script = new StringBuilder("set -euo pipefail\n");
        script.Append($"cd '{root}'\n").Append(blocks[0]).Append('\n');
        script.Append("echo \"packed NetflixMf $version\"\n");
        script.Append($"cd '{apps}'\n").Append(blocks[1]).Append('\n');
        // "Write your code in Program.cs and dotnet run."
        script.Append($"cp '{_folder}/Program.cs' Program.cs && mkdir -p ml-100k && cp '{_folder}/u.data' ml-100k/u.data\n");
        script.Append("dotnet run -c Release\n");

        var (exitCode, output) = Run(script.ToString(), home);
        string? version = Regex.Match(output, @"packed NetflixMf (\S+)") is { Success: true } m ? m.Groups[1].Value : null;
        try
        {
            exitCode.Should().Be(0, output);
            output.Should().MatchRegex(@"test RMSE \d\.\d{4}").And.MatchRegex(@"movie \d+: \d\.\d\d");
            File.Exists(Path.Combine(apps, "MyRecommender", "model.nmf")).Should().BeTrue();
            File.Exists(Path.Combine(home, "netflixmf-feed", $"NetflixMf.{version}.nupkg")).Should().BeTrue();
        }
        finally
        {
            // Each run restores a unique version into the shared global packages folder: remove it again.
            if (version is not null)
            {
                string cached = Path.Combine(GlobalPackages, "netflixmf", version.ToLowerInvariant());
                if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Runs the script with a HOME of its own (the guide's feed lives there) but the machine's NuGet package cache.</summary>
    private static (int ExitCode, string Output) Run(string script, string home)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        string packages = GlobalPackages;
        // The test host's MSBuild settings must not leak into the builds the guide runs.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["HOME"] = home;
        start.Environment["NUGET_PACKAGES"] = packages;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + "\n(timed out)");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>A MovieLens 100K-format file: 80 users (user 6 among them) x 60 movies of low-rank ratings.</summary>
    private static void WriteMovieLens(string path)
    {
        var random = new Random(3);
        var lines = new StringBuilder();
        for (int user = 1; user <= 80; user++)
        {
            double taste = random.NextDouble() * 2 - 1;
            for (int movie = 1; movie <= 60; movie++)
            {
                if (random.NextDouble() > 0.4) continue;
                double style = Math.Sin(movie);
                int rating = Math.Clamp((int)Math.Round(3.3 + 1.5 * taste * style + 0.4 * (random.NextDouble() - 0.5)), 1, 5);
                lines.Append(CultureInfo.InvariantCulture, $"{user}\t{movie}\t{rating}\t{881250949 + user * 100 + movie}\n");
            }
        }
        File.WriteAllText(path, lines.ToString());
    }

    private static string GlobalPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetflixMf.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("NetflixMf.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [GeneratedRegex(@"```bash\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"```csharp\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
