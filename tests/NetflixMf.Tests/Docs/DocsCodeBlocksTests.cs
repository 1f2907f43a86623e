using System.Text.RegularExpressions;

namespace NetflixMf.Tests.Docs;

/// <summary>
/// Every C# block in the README and docs/ must be a verbatim excerpt of a sample that CI builds and runs, so the
/// docs cannot drift from code that compiles.
/// </summary>
public sealed partial class DocsCodeBlocksTests
{
    public static TheoryData<string> DocumentsWithCode()
    {
        var data = new TheoryData<string>();
        foreach (string file in Documents()) data.Add(Path.GetRelativePath(RepositoryRoot, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentsWithCode))]
    public void CodeBlocks_AreExcerptsOfCompiledSamples(string document)
    {
        string samples = Normalize(string.Join("\n", Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)));
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot, document))))
        {
            samples.Should().Contain(Normalize(block.Groups[1].Value), $"every C# block in {document} must be copied from a sample");
        }
    }

    [Fact]
    public void Documents_HaveCSharpBlocksToCheck()
    {
        // Guards the test above against silently checking nothing (a renamed folder, a changed fence).
        Documents().Sum(f => CSharpBlock().Matches(File.ReadAllText(f)).Count).Should().BeGreaterThanOrEqualTo(5);
    }

    private static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Append(Path.Combine(RepositoryRoot, "README.md"));

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetflixMf.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("NetflixMf.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"```csharp\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
