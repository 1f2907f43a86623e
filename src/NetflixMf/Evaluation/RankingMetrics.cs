using System.Runtime.ExceptionServices;
using NetflixMf.Data;
using NetflixMf.Models;
using NetflixMf.Shared;

namespace NetflixMf.Evaluation;

/// <summary>Top-K ranking quality (precision, recall, NDCG, hit rate, MAP) of any <see cref="IRecommender"/> over a test set.</summary>
public static class RankingMetrics
{
    /// <summary>Recommends K movies to every test user and scores the lists against the user's relevant test movies.</summary>
    /// <param name="model">The recommender to evaluate.</param>
    /// <param name="test">The test ratings; a movie is relevant to its user when the rating is at least <see cref="RankingOptions.RelevanceThreshold"/>.</param>
    /// <param name="exclude">Ratings whose movies are never recommended to their user, usually the training ratings; <see langword="null"/> excludes nothing.</param>
    /// <param name="options">K, the relevance threshold and the parallelism; <see langword="null"/> uses the defaults.</param>
    /// <param name="progress">Receives the number of users done, about a hundred times in all.</param>
    /// <param name="cancellationToken">Stops the evaluation before the next user.</param>
    /// <remarks>
    /// <para>
    /// The candidates of a user are every movie the model knows minus the user's movies in <paramref name="exclude"/>;
    /// the list is <see cref="IRecommender.Recommend"/>, so the work is O(test users × movies) in the model and no
    /// users × movies matrix is ever built. <paramref name="test"/> and <paramref name="exclude"/> may come from
    /// different rating sets (for example MovieLens u1.test and u1.base): users and movies are matched by raw id.
    /// </para>
    /// <para>
    /// Users are evaluated in parallel and the per-user values are summed in user order afterwards, so the result is
    /// the same for any <see cref="RankingOptions.MaxDegreeOfParallelism"/>. Test users without a relevant movie are
    /// skipped and counted in <see cref="RankingResult.UsersWithoutRelevant"/>; see <see cref="RankingResult"/> for the
    /// definitions.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="RankingOptions.RelevanceThreshold"/> lies outside the scale of <paramref name="test"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static RankingResult Evaluate(
        IRecommender model,
        RatingView test,
        RatingView? exclude = null,
        RankingOptions? options = null,
        IProgress<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        options ??= new RankingOptions();
        options.Validate();
        RatingScale scale = test.Source.Scale;
        if (!scale.Contains(options.RelevanceThreshold))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.RelevanceThreshold,
                $"RankingOptions.RelevanceThreshold must lie inside the test rating scale {scale.Minimum}..{scale.Maximum}.");
        }
        cancellationToken.ThrowIfCancellationRequested();

        var testUsers = test.Source.Users;
        bool[] inTest = new bool[testUsers.Count];
        ReadOnlySpan<int> testUserIndices = test.Source.UserIndices;
        for (int i = 0; i < test.Count; i++) inTest[testUserIndices[test.PositionAt(i)]] = true;
        UserGroups relevant = UserGroups.Build(test, options.RelevanceThreshold, null);

        // Users are taken in dense-index order, which is ascending raw id: the order the per-user values are summed in.
        var evaluated = new List<int>();
        long withoutRelevant = 0;
        for (int u = 0; u < inTest.Length; u++)
        {
            if (!inTest[u]) continue;
            if (relevant.Length(u) > 0) evaluated.Add(u);
            else withoutRelevant++;
        }

        // Only the excluded ratings of evaluated users are grouped, so a large training set costs one pass and the
        // raw movie ids of the users that need them.
        int[]? excludeUser = null;
        UserGroups? excluded = null;
        if (exclude is not null)
        {
            excludeUser = new int[evaluated.Count];
            bool[] needed = new bool[exclude.Source.Users.Count];
            for (int k = 0; k < evaluated.Count; k++)
            {
                excludeUser[k] = exclude.Source.Users.TryGetIndex(testUsers.GetId(evaluated[k]), out int index) ? index : -1;
                if (index >= 0) needed[index] = true;
            }
            excluded = UserGroups.Build(exclude, float.NegativeInfinity, needed);
        }

        var scores = new UserScore[evaluated.Count];
        int listLength = options.K;
        long done = 0;
        long total = evaluated.Count;
        long reportEvery = Math.Max(1, total / 100);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = OptionGuard.ResolveThreads(options.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        try
        {
            Parallel.For(
                0,
                evaluated.Count,
                parallel,
                () => new HashSet<int>(),
                (k, _, excludeSet) =>
                {
                    int u = evaluated[k];
                    IReadOnlySet<int>? userExclude = null;
                    if (excluded is not null && excludeUser![k] >= 0)
                    {
                        excludeSet.Clear();
                        foreach (int movieId in excluded.Span(excludeUser[k])) excludeSet.Add(movieId);
                        if (excludeSet.Count > 0) userExclude = excludeSet;
                    }
                    IReadOnlyList<Recommendation> list = model.Recommend(testUsers.GetId(u), listLength, userExclude);
                    scores[k] = Score(list, relevant.Span(u), listLength);
                    long now = Interlocked.Increment(ref done);
                    if (progress is not null && (now % reportEvery == 0 || now == total)) progress.Report(new EvaluationProgress(now, total));
                    return excludeSet;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // Callers see the model's own exception, as they would without the parallel loop.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        double precision = 0, recall = 0, ndcg = 0, hitRate = 0, map = 0;
        long unknownUsers = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            precision += scores[k].Precision;
            recall += scores[k].Recall;
            ndcg += scores[k].Ndcg;
            hitRate += scores[k].Hit;
            map += scores[k].AveragePrecision;
            if (!model.IsKnownUser(testUsers.GetId(evaluated[k]))) unknownUsers++;
        }
        double n = scores.Length == 0 ? double.NaN : scores.Length;
        return new RankingResult(
            options.K, options.RelevanceThreshold, precision / n, recall / n, ndcg / n, hitRate / n, map / n, scores.Length, withoutRelevant, unknownUsers);
    }

    /// <summary>Scores one list against the user's relevant movies; <paramref name="relevantMovieIds"/> is sorted and deduplicated in place first.</summary>
    private static UserScore Score(IReadOnlyList<Recommendation> list, Span<int> relevantMovieIds, int k)
    {
        relevantMovieIds.Sort();
        int relevantCount = 1;
        for (int i = 1; i < relevantMovieIds.Length; i++)
        {
            if (relevantMovieIds[i] != relevantMovieIds[relevantCount - 1]) relevantMovieIds[relevantCount++] = relevantMovieIds[i];
        }
        ReadOnlySpan<int> relevantIds = relevantMovieIds[..relevantCount];

        int length = Math.Min(list.Count, k);
        int hits = 0;
        double dcg = 0, precisionSum = 0;
        for (int i = 0; i < length; i++)
        {
            if (relevantIds.BinarySearch(list[i].MovieId) < 0) continue;
            hits++;
            dcg += 1 / Math.Log2(i + 2);
            precisionSum += (double)hits / (i + 1);
        }
        int idealHits = Math.Min(relevantCount, k);
        double idealDcg = 0;
        for (int i = 0; i < idealHits; i++) idealDcg += 1 / Math.Log2(i + 2);
        return new UserScore(
            Precision: (double)hits / k,
            Recall: (double)hits / relevantCount,
            Ndcg: dcg / idealDcg,
            Hit: hits > 0 ? 1 : 0,
            AveragePrecision: precisionSum / idealHits);
    }

    private readonly record struct UserScore(double Precision, double Recall, double Ndcg, double Hit, double AveragePrecision);

    /// <summary>The raw movie ids of a view grouped by the view's dense user index with a counting sort.</summary>
    private sealed class UserGroups
    {
        private readonly int[] _offsets;
        private readonly int[] _movieIds;

        private UserGroups(int[] offsets, int[] movieIds)
        {
            _offsets = offsets;
            _movieIds = movieIds;
        }

        public int Length(int userIndex) => _offsets[userIndex + 1] - _offsets[userIndex];

        public Span<int> Span(int userIndex) => _movieIds.AsSpan(_offsets[userIndex], Length(userIndex));

        /// <summary>Groups the ratings of <paramref name="view"/> that are at least <paramref name="minimumRating"/> and whose user is flagged in <paramref name="users"/> (all users when null).</summary>
        public static UserGroups Build(RatingView view, float minimumRating, bool[]? users)
        {
            RatingSet source = view.Source;
            ReadOnlySpan<int> userIndices = source.UserIndices;
            ReadOnlySpan<int> movieIndices = source.MovieIndices;
            ReadOnlySpan<float> ratings = source.Ratings;
            ReadOnlySpan<int> movies = source.Movies.Ids;
            var offsets = new int[source.Users.Count + 1];
            for (int i = 0; i < view.Count; i++)
            {
                int p = view.PositionAt(i);
                if (ratings[p] >= minimumRating && (users is null || users[userIndices[p]])) offsets[userIndices[p] + 1]++;
            }
            for (int u = 0; u < source.Users.Count; u++) offsets[u + 1] += offsets[u];
            var movieIds = new int[offsets[^1]];
            var next = offsets.AsSpan(0, source.Users.Count).ToArray();
            for (int i = 0; i < view.Count; i++)
            {
                int p = view.PositionAt(i);
                if (ratings[p] >= minimumRating && (users is null || users[userIndices[p]])) movieIds[next[userIndices[p]]++] = movies[movieIndices[p]];
            }
            return new UserGroups(offsets, movieIds);
        }
    }
}
