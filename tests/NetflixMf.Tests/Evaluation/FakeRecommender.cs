using System.Collections.Concurrent;
using NetflixMf.Indexing;
using NetflixMf.Models;

namespace NetflixMf.Tests.Evaluation;

/// <summary>
/// A hand-written recommender with fixed predictions from a score function, so metric tests need no TorchSharp and
/// every expected value can be computed by hand. It records what the metrics asked of it.
/// </summary>
internal sealed class FakeRecommender : IRecommender
{
    private readonly Func<int, int, float> _score;

    /// <param name="userIds">The users the fake "knows".</param>
    /// <param name="movieIds">The movies the fake "knows": the recommendation candidates.</param>
    /// <param name="score">The prediction of (userId, movieId) for any pair, known or not.</param>
    public FakeRecommender(IEnumerable<int> userIds, IEnumerable<int> movieIds, Func<int, int, float> score)
    {
        Users = IdIndex.FromIds(userIds);
        Movies = IdIndex.FromIds(movieIds);
        _score = score;
    }

    public IdIndex Users { get; }

    public IdIndex Movies { get; }

    /// <summary>The length of every batched Predict call, in call order.</summary>
    public ConcurrentQueue<int> BatchLengths { get; } = new();

    /// <summary>A copy of the exclusion set each user was given (null when none).</summary>
    public ConcurrentDictionary<int, int[]?> Exclusions { get; } = new();

    /// <summary>Called at the start of every Recommend, to cancel or throw from inside the evaluation.</summary>
    public Action<int>? OnRecommend { get; init; }

    public bool IsKnownUser(int userId) => Users.Contains(userId);

    public bool IsKnownMovie(int movieId) => Movies.Contains(movieId);

    public float Predict(int userId, int movieId) => _score(userId, movieId);

    public Prediction PredictDetailed(int userId, int movieId) => new(_score(userId, movieId), (IsKnownUser(userId), IsKnownMovie(movieId)) switch
    {
        (true, true) => PredictionBasis.Model,
        (false, true) => PredictionBasis.UnknownUser,
        (true, false) => PredictionBasis.UnknownMovie,
        _ => PredictionBasis.UnknownUserAndMovie,
    });

    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        if (userIds.Length != movieIds.Length || predictions.Length != userIds.Length) throw new ArgumentException("Span lengths differ.");
        BatchLengths.Enqueue(userIds.Length);
        for (int i = 0; i < userIds.Length; i++) predictions[i] = _score(userIds[i], movieIds[i]);
    }

    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        OnRecommend?.Invoke(userId);
        Exclusions[userId] = excludeMovieIds?.Order().ToArray();
        var candidates = new List<Recommendation>();
        foreach (int movieId in Movies.Ids)
        {
            if (excludeMovieIds?.Contains(movieId) != true) candidates.Add(new Recommendation(movieId, _score(userId, movieId)));
        }
        // Ties go to the lower movie id so that lists are deterministic.
        return [.. candidates.OrderByDescending(r => r.PredictedRating).ThenBy(r => r.MovieId).Take(count)];
    }

    public void Dispose()
    {
    }
}
