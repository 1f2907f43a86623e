// Two namespaces that depend on each other, so the architecture rules can be shown to fail on a cycle.
namespace NetflixMf.Tests.Architecture.CycleFixture.Lower
{
    internal sealed class LowerType
    {
        public Upper.UpperType? Up { get; set; }
    }
}

namespace NetflixMf.Tests.Architecture.CycleFixture.Upper
{
    internal sealed class UpperType
    {
        public Lower.LowerType? Down { get; set; }
    }
}
