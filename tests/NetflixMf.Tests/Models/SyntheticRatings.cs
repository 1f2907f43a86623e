using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Models;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Models;

/// <summary>Low-rank synthetic ratings r = 3.5 + b_u + b_i + p_u . q_i + noise, generated with a fixed seed.</summary>
internal sealed class SyntheticRatings
{
    public required RatingSet Set { get; init; }
    public required RatingView Train { get; init; }
    public required RatingView Test { get; init; }

    /// <summary>The test RMSE of the true mean + biases: what a model without interactions can reach at best.</summary>
    public required double BiasOnlyOracleRmse { get; init; }

    public static SyntheticRatings Create(int users = 200, int movies = 150, int ratings = 6000, int rank = 3, int seed = 7)
    {
        var random = new Random(seed);
        double Normal(double std) => std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var p = new double[users, rank];
        var q = new double[movies, rank];
        var bu = new double[users];
        var bi = new double[movies];
        for (int u = 0; u < users; u++) { bu[u] = Normal(0.3); for (int f = 0; f < rank; f++) p[u, f] = Normal(0.7); }
        for (int m = 0; m < movies; m++) { bi[m] = Normal(0.3); for (int f = 0; f < rank; f++) q[m, f] = Normal(0.7); }
        var seen = new HashSet<(int, int)>();
        var userIndices = new int[ratings];
        var movieIndices = new int[ratings];
        var values = new float[ratings];
        var biasOnly = new double[ratings];
        for (int i = 0; i < ratings; i++)
        {
            int u, m;
            do { u = random.Next(users); m = random.Next(movies); } while (!seen.Add((u, m)));
            double dot = 0;
            for (int f = 0; f < rank; f++) dot += p[u, f] * q[m, f];
            biasOnly[i] = Math.Clamp(3.5 + bu[u] + bi[m], 1, 5);
            values[i] = (float)Math.Clamp(3.5 + bu[u] + bi[m] + dot + Normal(0.1), 1, 5);
            userIndices[i] = u;
            movieIndices[i] = m;
        }
        // Raw ids differ from indices (10 * index + 1) so that id/index mix-ups show.
        var userIds = IdIndex.FromIds(Enumerable.Range(0, users).Select(u => 10 * u + 1));
        var movieIds = IdIndex.FromIds(Enumerable.Range(0, movies).Select(m => 10 * m + 1));
        var set = new RatingSet(userIds, movieIds, userIndices, movieIndices, values, null, RatingScale.Netflix);
        int testCount = ratings / 10;
        int[] order = [.. Enumerable.Range(0, ratings).OrderBy(_ => random.Next())];
        int[] test = order[..testCount];
        int[] train = order[testCount..];
        double sum = 0;
        foreach (int t in test) sum += (biasOnly[t] - values[t]) * (biasOnly[t] - values[t]);
        return new SyntheticRatings
        {
            Set = set,
            Train = new RatingView(set, train),
            Test = new RatingView(set, test),
            BiasOnlyOracleRmse = Math.Sqrt(sum / testCount),
        };
    }

    public static double Rmse(IRecommender model, RatingView view)
    {
        double sum = 0;
        for (int i = 0; i < view.Count; i++)
        {
            var r = view.Source[view.PositionAt(i)];
            double e = model.Predict(r.UserId, r.MovieId) - r.Value;
            sum += e * e;
        }
        return Math.Sqrt(sum / view.Count);
    }
}

/// <summary>A custom head for the tests: a gated dot product, sum_j sigmoid(W [p; q])_j p_j q_j.</summary>
internal sealed class GatedHead : FactorizationHead
{
    [ComponentName(Name = "gate")]
    private readonly Linear _gate;

    public GatedHead(HeadContext context) : base(nameof(GatedHead))
    {
        _gate = nn.Linear(2L * context.EmbeddingDimension, context.EmbeddingDimension);
        RegisterComponents();
    }

    public static HeadFactory Factory { get; } = HeadFactory.Create("gated", context => new GatedHead(context));

    public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
    {
        using var scope = NewDisposeScope();
        var weights = sigmoid(_gate.forward(cat([userEmbeddings, movieEmbeddings], 1)));
        return weights.mul(userEmbeddings).mul_(movieEmbeddings).sum(1).MoveToOuterDisposeScope();
    }
}
