using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using NetflixMf.Data;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace NetflixMf.Tests.Architecture;

/// <summary>
/// The library's features depend on each other only along the data flow: files -> Data -> Splitting -> Models ->
/// Evaluation, with Training on top (it builds models and reports RMSE through Evaluation). Shared and Indexing sit
/// below everything. A namespace cycle or an edge against the flow fails here.
/// </summary>
public sealed class DependencyFlowTests
{
    /// <summary>The features, lowest first: each may depend only on features before it.</summary>
    public static readonly string[] Layers = ["Shared", "Indexing", "Data", "Splitting", "Models", "Evaluation", "Training"];

    private static readonly ArchUnitNET.Domain.Architecture Library = new ArchLoader().LoadAssemblies(typeof(RatingSet).Assembly).Build();

    private static readonly ArchUnitNET.Domain.Architecture Fixture = new ArchLoader().LoadAssemblies(typeof(DependencyFlowTests).Assembly).Build();

    [Fact]
    public void Library_FeatureNamespaces_AreFreeOfCycles()
    {
        var rule = SliceRuleDefinition.Slices().Matching("NetflixMf.(*)").Should().BeFreeOfCycles();
        rule.HasNoViolations(Library).Should().BeTrue(Describe(rule, Library));
    }

    [Fact]
    public void Library_EveryNamespace_BelongsToAKnownFeature()
    {
        var namespaces = Library.Namespaces.Select(n => n.FullName).Where(n => n.StartsWith("NetflixMf", StringComparison.Ordinal)).ToList();
        namespaces.Should().NotBeEmpty();
        namespaces.Should().OnlyContain(n => Layers.Any(layer => n == $"NetflixMf.{layer}" || n.StartsWith($"NetflixMf.{layer}.", StringComparison.Ordinal)),
            "a new top-level namespace must take its place in Layers (and so in the dependency flow)");
    }

    public static TheoryData<string, string> BackwardEdges()
    {
        var data = new TheoryData<string, string>();
        for (int lower = 0; lower < Layers.Length; lower++)
        {
            for (int higher = lower + 1; higher < Layers.Length; higher++) data.Add(Layers[lower], Layers[higher]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BackwardEdges))]
    public void Library_LowerFeature_DoesNotDependOnHigherFeature(string lower, string higher)
    {
        var rule = Types().That().ResideInNamespaceMatching(Pattern(lower))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Pattern(higher)));
        rule.HasNoViolations(Library).Should().BeTrue(Describe(rule, Library));
    }

    [Fact]
    public void CycleRule_OnNamespacesThatReferenceEachOther_Fails()
    {
        // The fixture below has two namespaces that use each other: the same rule must catch it.
        var rule = SliceRuleDefinition.Slices().Matching("NetflixMf.Tests.Architecture.CycleFixture.(*)").Should().BeFreeOfCycles();
        rule.HasNoViolations(Fixture).Should().BeFalse();
    }

    [Fact]
    public void FlowRule_OnABackwardEdge_Fails()
    {
        var rule = Types().That().ResideInNamespaceMatching(@"^NetflixMf\.Tests\.Architecture\.CycleFixture\.Lower(\..*)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^NetflixMf\.Tests\.Architecture\.CycleFixture\.Upper(\..*)?$"));
        rule.HasNoViolations(Fixture).Should().BeFalse();
    }

    private static string Pattern(string feature) => $@"^NetflixMf\.{feature}(\..*)?$";

    private static string Describe(IArchRule rule, ArchUnitNET.Domain.Architecture architecture) =>
        string.Join(Environment.NewLine, rule.Evaluate(architecture).Where(r => !r.Passed).Select(r => r.Description));
}
