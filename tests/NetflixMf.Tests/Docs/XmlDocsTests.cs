using System.Xml.Linq;
using NetflixMf.Data;

namespace NetflixMf.Tests.Docs;

/// <summary>The NetflixMf.xml that ships beside NetflixMf.dll documents the public API only (PublicXmlDocs.targets filters it).</summary>
public sealed class XmlDocsTests
{
    private static readonly List<string> Names = XDocument.Load(Path.ChangeExtension(typeof(RatingSet).Assembly.Location, ".xml"))
        .Descendants("member").Select(m => (string)m.Attribute("name")!).ToList();

    [Fact]
    public void XmlDocs_DocumentTypes_OnlyPublicOnes()
    {
        var types = Names.Where(n => n.StartsWith("T:", StringComparison.Ordinal)).ToList();
        types.Should().HaveCountGreaterThan(50);
        foreach (string name in types)
        {
            var type = FindType(name[2..]);
            type.Should().NotBeNull(name);
            type!.IsVisible.Should().BeTrue($"{name} is shipped in the XML docs");
        }
    }

    [Fact]
    public void XmlDocs_Members_BelongToDocumentedPublicTypes()
    {
        var types = Names.Where(n => n.StartsWith("T:", StringComparison.Ordinal)).Select(n => n[2..]).ToHashSet();
        foreach (string name in Names.Where(n => !n.StartsWith("T:", StringComparison.Ordinal)))
        {
            string member = name[2..];
            int parameters = member.IndexOf('(', StringComparison.Ordinal);
            string path = parameters < 0 ? member : member[..parameters];
            types.Should().Contain(path[..path.LastIndexOf('.')], $"{name} is a member of a public type");
        }
    }

    [Fact]
    public void XmlDocs_InternalMembersOfPublicTypes_AreLeftOut_PublicOnesKept()
    {
        Names.Should().NotContain(n => n.Contains("OptionGuard") || n.Contains("TorchRuntime") || n.Contains("PredictIndices") || n.Contains("FromBuiltInName"));
        Names.Should().NotContain("M:NetflixMf.Data.RatingView.#ctor(NetflixMf.Data.RatingSet,System.Int32[],System.Boolean)");
        Names.Should().Contain("M:NetflixMf.Data.RatingView.#ctor(NetflixMf.Data.RatingSet,System.Int32[])");
        Names.Should().Contain("M:NetflixMf.Models.FactorizationModel.FoldInUser(System.Collections.Generic.IEnumerable{System.ValueTuple{System.Int32,System.Single}},System.Nullable{System.Single},System.Nullable{System.Single})");
        Names.Should().Contain("P:NetflixMf.Models.FactorizationModel.UserEmbeddings");
    }

    private static Type? FindType(string name)
    {
        var assembly = typeof(RatingSet).Assembly;
        // Nested types: try Outer+Inner for every dot from the right.
        for (string candidate = name; ;)
        {
            if (assembly.GetType(candidate) is Type type) return type;
            int dot = candidate.LastIndexOf('.');
            if (dot < 0) return null;
            candidate = candidate[..dot] + "+" + candidate[(dot + 1)..];
        }
    }
}
