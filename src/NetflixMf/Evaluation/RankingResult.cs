using System.Globalization;

namespace NetflixMf.Evaluation;

/// <summary>Top-K ranking quality of a recommender, averaged over the test users that have at least one relevant movie.</summary>
/// <param name="K">The list length K.</param>
/// <param name="RelevanceThreshold">The lowest test rating that made a movie relevant.</param>
/// <param name="Precision">Mean precision@K: relevant movies in the list / K.</param>
/// <param name="Recall">Mean recall@K: relevant movies in the list / the user's relevant test movies.</param>
/// <param name="Ndcg">Mean NDCG@K with binary gains: Σ over hits at rank i (1-based) of 1/log2(i + 1), divided by the same sum for an ideal list of min(relevant, K) hits.</param>
/// <param name="HitRate">The fraction of users with at least one relevant movie in their list.</param>
/// <param name="MeanAveragePrecision">MAP@K: the mean over users of Σ over hits at rank i of precision@i, divided by min(relevant, K).</param>
/// <param name="Users">The users averaged over: test users with at least one relevant movie.</param>
/// <param name="UsersWithoutRelevant">Test users skipped because none of their test ratings reached <paramref name="RelevanceThreshold"/>; recall and NDCG are undefined for them.</param>
/// <param name="UnknownUsers">Users among <paramref name="Users"/> that the model does not know; they are evaluated on the model's fallback list (highest global mean + movie bias).</param>
/// <remarks>
/// Every average is over the same <paramref name="Users"/> users, and every metric is NaN when there are none. A
/// relevant movie the model does not know, or one the user rated in the excluded (training) ratings, can never be
/// recommended but still counts as relevant, so recall is never flattered by dropping it. Precision divides by K even
/// when the model returns a shorter list (fewer than K candidates left).
/// </remarks>
public sealed record RankingResult(
    int K,
    float RelevanceThreshold,
    double Precision,
    double Recall,
    double Ndcg,
    double HitRate,
    double MeanAveragePrecision,
    long Users,
    long UsersWithoutRelevant,
    long UnknownUsers)
{
    /// <summary>One line for logs and the command line, for example <c>Precision@10 0.1234  Recall@10 0.0567  NDCG@10 0.1452  HitRate@10 0.6012  MAP@10 0.0721  users=943 (relevant: rating ≥ 4; 2 without relevant skipped; 0 unknown)</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Precision@{K} {Precision:F4}  Recall@{K} {Recall:F4}  NDCG@{K} {Ndcg:F4}  HitRate@{K} {HitRate:F4}  MAP@{K} {MeanAveragePrecision:F4}  " +
        $"users={Users:N0} (relevant: rating ≥ {RelevanceThreshold:0.##}; {UsersWithoutRelevant:N0} without relevant skipped; {UnknownUsers:N0} unknown)");
}
