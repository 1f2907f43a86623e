using NetflixMf.Data;
using NetflixMf.Evaluation;

namespace NetflixMf.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private static readonly double Log3 = Math.Log2(3);

    // Known users 1, 2; known movies 10..50.
    // User 1 ranks 10 (5.0) > 20 (4.5) > 30 (4.0) > 40 (3.5) > 50 (3.0).
    // User 2 ranks 50 (5.0) > 40 (4.8) > 30 (4.6) > 20 (4.4) > 10 (4.2).
    // Any other (unknown) user gets the fallback ranking 50 > 40 > 30 > 20 > 10.
    private static FakeRecommender Model(Action<int>? onRecommend = null) =>
        new([1, 2], [10, 20, 30, 40, 50], (u, m) => u switch
        {
            1 => 5.5f - m / 20f,
            2 => 4f + m / 50f,
            _ => m / 10f,
        })
        { OnRecommend = onRecommend };

    // Relevant (>= 4): user 1 {30, 50}; user 2 {10, 30, 50}; user 3 none (skipped).
    private static RatingSet Test() => RatingSet.FromRatings(
        [(1, 30, 5f), (1, 50, 4f), (1, 20, 2f), (2, 50, 4f), (2, 30, 5f), (2, 10, 5f), (2, 40, 3f), (3, 20, 3f)],
        RatingScale.Netflix);

    // A different rating set from the test one (its own indexes): user 1 rated movie 10, user 3 movie 20, user 2 nothing.
    private static RatingSet Train() => RatingSet.FromRatings([(1, 10, 5f), (3, 20, 4f)], RatingScale.Netflix);

    private static RankingOptions Top3 { get; } = new() { K = 3 };

    [Fact]
    public void Evaluate_HandComputedExampleWithExclusion_MatchesEveryMetric()
    {
        using var model = Model();

        var result = RankingMetrics.Evaluate(model, Test(), Train(), Top3);

        // User 1, movie 10 excluded: list [20, 30, 40], relevant {30, 50}, one hit at rank 2.
        //   P = 1/3, R = 1/2, DCG = 1/log2(3), IDCG = 1 + 1/log2(3), AP = (1/2) / min(2, 3) = 1/4.
        // User 2, nothing excluded: list [50, 40, 30], relevant {10, 30, 50}, hits at ranks 1 and 3.
        //   P = 2/3, R = 2/3, DCG = 1 + 1/log2(4) = 1.5, IDCG = 1 + 1/log2(3) + 1/2, AP = (1/1 + 2/3) / 3 = 5/9.
        // User 3 has no relevant test movie: skipped.
        double ndcg1 = (1 / Log3) / (1 + 1 / Log3);
        double ndcg2 = 1.5 / (1 + 1 / Log3 + 0.5);
        result.Precision.Should().BeApproximately((1.0 / 3 + 2.0 / 3) / 2, 1e-12);
        result.Recall.Should().BeApproximately((1.0 / 2 + 2.0 / 3) / 2, 1e-12);
        result.Ndcg.Should().BeApproximately((ndcg1 + ndcg2) / 2, 1e-12);
        result.HitRate.Should().Be(1);
        result.MeanAveragePrecision.Should().BeApproximately((0.25 + 5.0 / 9) / 2, 1e-12);
        result.Users.Should().Be(2);
        result.UsersWithoutRelevant.Should().Be(1);
        result.UnknownUsers.Should().Be(0);
        result.K.Should().Be(3);
        result.RelevanceThreshold.Should().Be(4);
    }

    [Fact]
    public void Evaluate_Exclusion_PassesEachUsersTrainingMoviesByRawId()
    {
        using var model = Model();

        RankingMetrics.Evaluate(model, Test(), Train(), Top3);

        model.Exclusions[1].Should().Equal(10);
        model.Exclusions[2].Should().BeNull("user 2 has no training ratings");
        model.Exclusions.Should().NotContainKey(3, "user 3 has no relevant test movie and is skipped");
    }

    [Fact]
    public void Evaluate_WithoutExclusion_ExcludedMovieCompetesAgain()
    {
        using var model = Model();

        var result = RankingMetrics.Evaluate(model, Test(), null, Top3);

        // User 1 now gets [10, 20, 30]: the hit on 30 drops to rank 3, so DCG = 1/2 and AP = (1/3) / 2 = 1/6.
        double ndcg1 = 0.5 / (1 + 1 / Log3);
        double ndcg2 = 1.5 / (1 + 1 / Log3 + 0.5);
        result.Ndcg.Should().BeApproximately((ndcg1 + ndcg2) / 2, 1e-12);
        result.MeanAveragePrecision.Should().BeApproximately((1.0 / 6 + 5.0 / 9) / 2, 1e-12);
        result.Precision.Should().BeApproximately(0.5, 1e-12);
        model.Exclusions[1].Should().BeNull();
    }

    [Fact]
    public void Evaluate_KLongerThanCandidates_PrecisionStillDividesByK()
    {
        using var model = Model();
        var test = RatingSet.FromRatings([(1, 30, 5f), (1, 50, 4f)], RatingScale.Netflix);

        var result = RankingMetrics.Evaluate(model, test, Train(), new RankingOptions { K = 10 });

        // User 1, movie 10 excluded: list [20, 30, 40, 50] (only 4 candidates), hits at ranks 2 and 4.
        // P = 2/10, R = 2/2, DCG = 1/log2(3) + 1/log2(5), IDCG = 1 + 1/log2(3), AP = (1/2 + 2/4) / 2 = 1/2.
        result.Precision.Should().BeApproximately(0.2, 1e-12);
        result.Recall.Should().BeApproximately(1, 1e-12);
        result.Ndcg.Should().BeApproximately((1 / Log3 + 1 / Math.Log2(5)) / (1 + 1 / Log3), 1e-12);
        result.MeanAveragePrecision.Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Evaluate_RelevanceThreshold_ChangesWhatIsRelevant()
    {
        using var model = Model();

        var result = RankingMetrics.Evaluate(model, Test(), Train(), Top3 with { RelevanceThreshold = 5 });

        // Relevant (= 5): user 1 {30}, user 2 {10, 30}; user 3 none.
        // User 1 list [20, 30, 40]: P = 1/3, R = 1. User 2 list [50, 40, 30]: P = 1/3, R = 1/2.
        result.Precision.Should().BeApproximately(1.0 / 3, 1e-12);
        result.Recall.Should().BeApproximately(0.75, 1e-12);
        result.Users.Should().Be(2);
        result.UsersWithoutRelevant.Should().Be(1);
        result.RelevanceThreshold.Should().Be(5);
    }

    [Fact]
    public void Evaluate_UnknownUser_EvaluatedOnFallbackListAndCounted()
    {
        using var model = Model();
        var test = RatingSet.FromRatings([(9, 50, 5f), (9, 10, 4f)], RatingScale.Netflix);

        var result = RankingMetrics.Evaluate(model, test, Train(), Top3);

        // User 9 is unknown: fallback list [50, 40, 30], relevant {10, 50}, one hit at rank 1.
        result.UnknownUsers.Should().Be(1);
        result.Users.Should().Be(1);
        result.Precision.Should().BeApproximately(1.0 / 3, 1e-12);
        result.Recall.Should().BeApproximately(0.5, 1e-12);
        result.Ndcg.Should().BeApproximately(1 / (1 + 1 / Log3), 1e-12);
    }

    [Fact]
    public void Evaluate_DuplicateTestRatings_CountRelevantMovieOnce()
    {
        using var model = Model();
        var test = RatingSet.FromRatings([(1, 30, 5f), (1, 30, 4f), (1, 50, 4f)], RatingScale.Netflix);

        var result = RankingMetrics.Evaluate(model, test, Train(), Top3);

        result.Recall.Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Evaluate_EmptyTestView_NaNMetricsAndNoModelCall()
    {
        using var model = Model();

        var result = RankingMetrics.Evaluate(model, new RatingView(Test(), []), Train(), Top3);

        result.Users.Should().Be(0);
        result.UsersWithoutRelevant.Should().Be(0);
        double.IsNaN(result.Precision).Should().BeTrue();
        double.IsNaN(result.Recall).Should().BeTrue();
        double.IsNaN(result.Ndcg).Should().BeTrue();
        double.IsNaN(result.HitRate).Should().BeTrue();
        double.IsNaN(result.MeanAveragePrecision).Should().BeTrue();
        model.Exclusions.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_RandomData_MatchesNaiveReferenceForAnyParallelism()
    {
        var (model, all, train, test) = RandomSplit(seed: 7, users: 300, movies: 60, ratingsPerUser: 20);
        using (model)
        {
            var options = new RankingOptions { K = 5, MaxDegreeOfParallelism = 1 };
            var serial = RankingMetrics.Evaluate(model, test, train, options);
            var parallel = RankingMetrics.Evaluate(model, test, train, options with { MaxDegreeOfParallelism = 4 });
            var reference = NaiveReference(model, all, train, test, k: 5, threshold: 4);

            parallel.Should().Be(serial, "per-user values are summed in user order");
            serial.Users.Should().Be(reference.Users).And.BeGreaterThan(200);
            serial.Precision.Should().BeApproximately(reference.Precision, 1e-12);
            serial.Recall.Should().BeApproximately(reference.Recall, 1e-12);
            serial.Ndcg.Should().BeApproximately(reference.Ndcg, 1e-12);
            serial.HitRate.Should().BeApproximately(reference.HitRate, 1e-12);
            serial.MeanAveragePrecision.Should().BeApproximately(reference.MeanAveragePrecision, 1e-12);
            serial.Precision.Should().BeInRange(0.01, 0.99, "the data must exercise both hits and misses");
        }
    }

    [Fact]
    public void Evaluate_Progress_EndsWithAllUsersDone()
    {
        using var model = Model();
        var reports = new List<EvaluationProgress>();

        RankingMetrics.Evaluate(model, Test(), Train(), Top3 with { MaxDegreeOfParallelism = 1 }, new SyncProgress<EvaluationProgress>(reports.Add));

        reports.Should().Equal(new EvaluationProgress(1, 2), new EvaluationProgress(2, 2));
    }

    [Fact]
    public void Evaluate_CanceledBeforeStart_ThrowsWithoutRecommending()
    {
        using var model = Model();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        FluentActions.Invoking(() => RankingMetrics.Evaluate(model, Test(), Train(), Top3, cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();
        model.Exclusions.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_CanceledDuringRun_StopsEarly()
    {
        using var cts = new CancellationTokenSource();
        var (model, _, train, test) = RandomSplit(seed: 3, users: 200, movies: 30, ratingsPerUser: 10);
        using var canceling = new FakeRecommender(model.Users.Ids.ToArray(), model.Movies.Ids.ToArray(), model.Predict) { OnRecommend = _ => cts.Cancel() };
        model.Dispose();

        FluentActions.Invoking(() => RankingMetrics.Evaluate(canceling, test, train, new RankingOptions { MaxDegreeOfParallelism = 1 }, cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();
        canceling.Exclusions.Count.Should().BeLessThan(10);
    }

    [Fact]
    public void Evaluate_ModelThrows_SameExceptionUnwrapped()
    {
        using var model = Model(_ => throw new InvalidOperationException("boom"));

        FluentActions.Invoking(() => RankingMetrics.Evaluate(model, Test(), Train(), Top3))
            .Should().Throw<InvalidOperationException>().WithMessage("boom");
    }

    [Fact]
    public void Evaluate_ThresholdOutsideTestScale_ThrowsNamingTheOption()
    {
        using var model = Model();

        FluentActions.Invoking(() => RankingMetrics.Evaluate(model, Test(), null, Top3 with { RelevanceThreshold = 6 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("options").WithMessage("*RelevanceThreshold*1..5*");
    }

    [Fact]
    public void RankingOptions_BadValues_ThrowNamingTheOption()
    {
        FluentActions.Invoking(() => new RankingOptions { K = 0 }.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("K").WithMessage("RankingOptions.K must be in*");
        FluentActions.Invoking(() => (Top3 with { K = -5 }).Validate()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("K");
        FluentActions.Invoking(() => new RankingOptions { RelevanceThreshold = float.NaN }.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("RelevanceThreshold");
        FluentActions.Invoking(() => new RankingOptions { MaxDegreeOfParallelism = -1 }.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxDegreeOfParallelism").WithMessage("*0 = one per core*");
        new RankingOptions { MaxDegreeOfParallelism = 0 }.Validate();
    }

    [Fact]
    public void RankingOptions_Defaults_AreTop10RelevantFrom4AllCores()
    {
        var options = new RankingOptions();

        options.K.Should().Be(10);
        options.RelevanceThreshold.Should().Be(4);
        options.MaxDegreeOfParallelism.Should().Be(0);
    }

    [Fact]
    public void RankingResult_ToString_PrintsEveryMetricAtK()
    {
        var text = new RankingResult(10, 4, 0.12344, 0.05671, 0.14523, 0.60119, 0.07214, 943, 2, 0).ToString();

        text.Should().Be("Precision@10 0.1234  Recall@10 0.0567  NDCG@10 0.1452  HitRate@10 0.6012  MAP@10 0.0721  users=943 (relevant: rating ≥ 4; 2 without relevant skipped; 0 unknown)");
    }

    /// <summary>Random ratings in one set, split 80/20 into two views of it by position.</summary>
    private static (FakeRecommender Model, RatingSet All, RatingView Train, RatingView Test) RandomSplit(int seed, int users, int movies, int ratingsPerUser)
    {
        var random = new Random(seed);
        var triples = new List<(int, int, float)>();
        for (int u = 1; u <= users; u++)
        {
            foreach (int m in Enumerable.Range(1, movies).OrderBy(_ => random.Next()).Take(ratingsPerUser))
            {
                triples.Add((u * 3, m * 7, random.Next(1, 6)));
            }
        }
        var all = RatingSet.FromRatings(triples, RatingScale.Netflix);
        var isTest = Enumerable.Range(0, all.Count).Select(_ => random.NextDouble() < 0.2).ToArray();
        var train = new RatingView(all, [.. Enumerable.Range(0, all.Count).Where(i => !isTest[i])]);
        var test = new RatingView(all, [.. Enumerable.Range(0, all.Count).Where(i => isTest[i])]);
        // Scores from a fixed hash of the pair (not HashCode, which is seeded per process): a fixed, user-specific ranking that sometimes agrees with the ratings.
        var model = new FakeRecommender(
            all.Users.Ids.ToArray(),
            all.Movies.Ids.ToArray(),
            (u, m) => 1 + (uint)((u * 73856093) ^ (m * 19349663) ^ seed) % 4000 / 1000f);
        return (model, all, train, test);
    }

    /// <summary>The textbook definitions, one user at a time with dictionaries and LINQ.</summary>
    private static RankingResult NaiveReference(FakeRecommender model, RatingSet all, RatingView train, RatingView test, int k, float threshold)
    {
        var trainByUser = Enumerable.Range(0, train.Count).Select(i => all[train.PositionAt(i)])
            .ToLookup(r => r.UserId, r => r.MovieId);
        var testByUser = Enumerable.Range(0, test.Count).Select(i => all[test.PositionAt(i)])
            .GroupBy(r => r.UserId).OrderBy(g => g.Key);
        double p = 0, r = 0, n = 0, h = 0, map = 0;
        int users = 0;
        foreach (var group in testByUser)
        {
            var relevant = group.Where(x => x.Value >= threshold).Select(x => x.MovieId).ToHashSet();
            if (relevant.Count == 0) continue;
            users++;
            var seen = trainByUser[group.Key].ToHashSet();
            var list = model.Movies.Ids.ToArray().Where(m => !seen.Contains(m))
                .OrderByDescending(m => model.Predict(group.Key, m)).ThenBy(m => m).Take(k).ToList();
            int hits = 0;
            double dcg = 0, ap = 0;
            for (int i = 0; i < list.Count; i++)
            {
                if (!relevant.Contains(list[i])) continue;
                hits++;
                dcg += 1 / Math.Log2(i + 2);
                ap += hits / (i + 1.0);
            }
            double idcg = Enumerable.Range(0, Math.Min(relevant.Count, k)).Sum(i => 1 / Math.Log2(i + 2));
            p += hits / (double)k;
            r += hits / (double)relevant.Count;
            n += dcg / idcg;
            h += hits > 0 ? 1 : 0;
            map += ap / Math.Min(relevant.Count, k);
        }
        return new RankingResult(k, threshold, p / users, r / users, n / users, h / users, map / users, users, 0, 0);
    }
}
