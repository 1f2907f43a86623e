using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Models;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Models;

/// <summary>Builds untrained models of a chosen size straight from tables, for file and lifetime tests.</summary>
internal static class ModelBuilder
{
    public static FactorizationModel Random(int users, int movies, int factors, HeadFactory? head = null, int seed = 1)
    {
        head ??= HeadFactory.DotProduct;
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var tables = new FactorTables(
            randn([users, factors], generator: generator).mul_(0.1),
            randn([movies, factors], generator: generator).mul_(0.1),
            randn([users], generator: generator).mul_(0.1),
            randn([movies], generator: generator).mul_(0.1),
            3.5f);
        return new FactorizationModel(tables, head.CreateHead(new HeadContext(factors) { UserCount = users, MovieCount = movies }), head.Name,
            IdIndex.FromIds(Enumerable.Range(1, users)), IdIndex.FromIds(Enumerable.Range(1, movies)), new RatingScale(1, 5), "test");
    }

    public static FactorizationModel Zeros(long users, int movies, int factors)
    {
        var tables = new FactorTables(zeros(users, factors), zeros(movies, factors), zeros(users), zeros(movies), 3.5f);
        return new FactorizationModel(tables, HeadFactory.DotProduct.CreateHead(new HeadContext(factors)), HeadFactory.DotProduct.Name,
            IdIndex.FromIds(Enumerable.Range(1, (int)users)), IdIndex.FromIds(Enumerable.Range(1, movies)), new RatingScale(1, 5), "test");
    }
}
