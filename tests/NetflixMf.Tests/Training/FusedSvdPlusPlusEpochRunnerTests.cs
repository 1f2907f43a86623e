using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Training;

namespace NetflixMf.Tests.Training;

public sealed class FusedSvdPlusPlusEpochRunnerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void RunEpoch_OneRatingWithExtraImplicitMovie_MatchesHandComputedSvdPlusPlusStep(int k)
    {
        // User 0 rated movie 0 (r = 4); movie 1 is an extra implicit pair: N(u) = {0, 1}, |N(u)|^-1/2 = 1/sqrt(2).
        var set = new RatingSet(IdIndex.FromIds([7]), IdIndex.FromIds([1, 2]), [0], [0], [4f], null, RatingScale.Netflix);
        const float Lr = 0.1f, L2 = 0.05f, L2b = 0.02f, L2y = 0.03f, YScale = 0.5f, LrY = Lr * YScale;
        var settings = new FusedSvdPlusPlusSettings(k, L2, L2b, 1, 1) { L2Implicit = L2y, ImplicitLearningRateScale = YScale, Lanes = 1 };
        using var runner = new FusedSvdPlusPlusEpochRunner(set.All(), [0], [1], settings);
        int stride = runner.Stride;
        double[] p = new double[k], q = new double[k], y0 = new double[k], y1 = new double[k];
        for (int f = 0; f < k; f++)
        {
            p[f] = 0.1 + 0.01 * f;
            q[f] = f % 2 == 0 ? 0.3 : -0.1;
            y0[f] = 0.2 - 0.02 * f;
            y1[f] = f % 3 == 0 ? -0.2 : 0.1;
            runner.UserFactors[f] = (float)p[f];
            runner.MovieTable[f] = (float)q[f];
            runner.MovieTable[k + f] = (float)y0[f];
            runner.MovieTable[stride + k + f] = (float)y1[f];
        }
        runner.UserBiases[0] = 0.5f;
        runner.MovieTable[2 * k] = 0.1f;

        runner.RunEpoch(1, Lr, CancellationToken.None);

        // By hand: s = c (y0 + y1), z = p + s, e = r - (mu + b_u + b_i + q . z), then the SGD step from the old values.
        double c = 1 / Math.Sqrt(2), mu = 4;
        double[] z = new double[k];
        double dot = 0;
        for (int f = 0; f < k; f++)
        {
            z[f] = p[f] + c * (y0[f] + y1[f]);
            dot += q[f] * z[f];
        }
        double e = 4 - (mu + 0.5 + 0.1 + dot);
        var updated = runner.MovieTableWithPendingUpdates();
        runner.UserBiases[0].Should().BeApproximately((float)(0.5 + Lr * (e - L2b * 0.5)), 1e-6f);
        runner.MovieTable[2 * k].Should().BeApproximately((float)(0.1 + Lr * (e - L2b * 0.1)), 1e-6f);
        for (int f = 0; f < k; f++)
        {
            runner.UserFactors[f].Should().BeApproximately((float)(p[f] * (1 - Lr * L2) + Lr * e * q[f]), 1e-6f);
            runner.MovieTable[f].Should().BeApproximately((float)(q[f] * (1 - Lr * L2) + Lr * e * z[f]), 1e-6f);
            // g = e q (old q); y_j += lr_y (c g - lambda_y y_j) for both j in N(u), pending until the user's next pass.
            updated[k + f].Should().BeApproximately((float)(y0[f] * (1 - LrY * L2y) + LrY * c * e * q[f]), 1e-6f);
            updated[stride + k + f].Should().BeApproximately((float)(y1[f] * (1 - LrY * L2y) + LrY * c * e * q[f]), 1e-6f);
            runner.MovieTable[k + f].Should().Be((float)y0[f], "the y update waits for the user's next pass");
            runner.MovieTable[stride + k + f].Should().Be((float)y1[f]);
        }
    }

    [Fact]
    public void RunEpoch_TwoRatingsTwoEpochs_AccumulatesTheImplicitGradientAndAppliesItAtTheUsersNextPass()
    {
        // User 0 rated movies 0 (r = 5) and 1 (r = 2); movie 2 is an extra implicit pair: |N(u)| = 3, |R(u)| = 2.
        const int K = 2;
        var set = new RatingSet(IdIndex.FromIds([4]), IdIndex.FromIds([1, 2, 3]), [0, 0], [0, 1], [5f, 2f], null, RatingScale.Netflix);
        const float Lr = 0.05f, L2 = 0.04f, L2b = 0.01f, L2y = 0.2f, LrY = Lr;
        var settings = new FusedSvdPlusPlusSettings(K, L2, L2b, 1, 2) { L2Implicit = L2y, ImplicitLearningRateScale = 1, Lanes = 1 };
        using var runner = new FusedSvdPlusPlusEpochRunner(set.All(), [0], [2], settings);
        int stride = runner.Stride;
        double[] p = [0.3, -0.2];
        double[][] q = [[0.5, 0.1], [-0.4, 0.3], [0.2, 0.2]];
        double[][] y = [[0.1, 0.0], [0.0, -0.1], [0.3, 0.2]];
        for (int f = 0; f < K; f++)
        {
            runner.UserFactors[f] = (float)p[f];
            for (int m = 0; m < 3; m++)
            {
                runner.MovieTable[m * stride + f] = (float)q[m][f];
                runner.MovieTable[m * stride + K + f] = (float)y[m][f];
            }
        }
        var order = new List<int>();
        runner.RatingVisited = (_, movie) => order.Add(movie);
        double c = 1 / Math.Sqrt(3), mu = 3.5, bu = 0;
        double[] bi = new double[3];
        double[]? pending = null;

        for (int epoch = 1; epoch <= 2; epoch++)
        {
            order.Clear();
            runner.RunEpoch(epoch, Lr, CancellationToken.None);
            order.Should().BeEquivalentTo([0, 1]);
            // By hand, in the visit order: the previous pass's y update first, y_j = y_j (1 - lr ly)^2 + lr c g; then s
            // fixed for the pass and g = sum e q (old q).
            if (pending is not null)
            {
                for (int m = 0; m < 3; m++) for (int f = 0; f < K; f++) y[m][f] = y[m][f] * Math.Pow(1 - LrY * L2y, 2) + pending[f];
            }
            double[] s = new double[K], g = new double[K];
            for (int f = 0; f < K; f++) s[f] = c * (y[0][f] + y[1][f] + y[2][f]);
            foreach (int m in order)
            {
                double dot = 0;
                for (int f = 0; f < K; f++) dot += q[m][f] * (p[f] + s[f]);
                double e = (m == 0 ? 5 : 2) - (mu + bu + bi[m] + dot);
                bu += Lr * (e - L2b * bu);
                bi[m] += Lr * (e - L2b * bi[m]);
                for (int f = 0; f < K; f++)
                {
                    double pf = p[f], qf = q[m][f];
                    p[f] = pf * (1 - Lr * L2) + Lr * e * qf;
                    q[m][f] = qf * (1 - Lr * L2) + Lr * e * (pf + s[f]);
                    g[f] += e * qf;
                }
            }
            pending = [.. g.Select(v => LrY * c * v)];

            var updated = runner.MovieTableWithPendingUpdates();
            for (int m = 0; m < 3; m++)
            {
                for (int f = 0; f < K; f++)
                {
                    runner.MovieTable[m * stride + K + f].Should().BeApproximately((float)y[m][f], 1e-6f, "y of movie {0} before this pass's update (epoch {1})", m, epoch);
                    double expected = y[m][f] * Math.Pow(1 - LrY * L2y, 2) + pending[f];
                    updated[m * stride + K + f].Should().BeApproximately((float)expected, 1e-6f, "y of movie {0} with this pass's update (epoch {1})", m, epoch);
                    runner.MovieTable[m * stride + f].Should().BeApproximately((float)q[m][f], 1e-6f);
                }
            }
            runner.UserBiases[0].Should().BeApproximately((float)bu, 1e-6f);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(48)]
    [InlineData(144)]
    public void RunEpoch_ManyUsersThreeEpochs_MatchesAReplayOfTheDeferredYUpdates(int k)
    {
        // k = 4 runs the scalar and narrow-vector paths; 48 the 512-bit ones with sums in memory; 144 also the sums held
        // in registers (128 columns) plus a remainder (where the hardware has 512-bit vectors).
        const int Users = 25, Movies = 20;
        var set = PrizeTestData.Dated(users: Users, movies: Movies, perUser: 6);
        const float L2 = 0.05f, L2b = 0.02f, L2y = 0.1f, YScale = 0.5f, Lr = 0.02f, LrY = Lr * YScale;
        int[] extraUsers = [.. Enumerable.Range(0, Users).SelectMany(u => new[] { u, u })];
        int[] extraMovies = [.. Enumerable.Range(0, Users).SelectMany(u => new[] { (3 * u) % Movies, (3 * u + 7) % Movies })];
        var settings = new FusedSvdPlusPlusSettings(k, L2, L2b, 1, 8) { L2Implicit = L2y, ImplicitLearningRateScale = YScale, InitialStandardDeviation = 0.1f, Lanes = 1 };
        using var runner = new FusedSvdPlusPlusEpochRunner(set.All(), extraUsers, extraMovies, settings);
        int stride = runner.Stride;
        var random = new Random(3);
        for (int m = 0; m < Movies; m++) for (int f = 0; f < k; f++) runner.MovieTable[m * stride + k + f] = (float)(0.1 * (random.NextDouble() - 0.5));

        // Reference in doubles: N(u) = rated movies plus the extra pairs not rated; passes replayed in the visit order.
        double mu = set.Mean();
        double[] p = [.. runner.UserFactors.ToArray().Select(v => (double)v)];
        double[] q = new double[Movies * k], y = new double[Movies * k];
        for (int m = 0; m < Movies; m++)
        {
            for (int f = 0; f < k; f++)
            {
                q[m * k + f] = runner.MovieTable[m * stride + f];
                y[m * k + f] = runner.MovieTable[m * stride + k + f];
            }
        }
        double[] bu = new double[Users], bi = new double[Movies];
        var rating = new Dictionary<(int, int), float>();
        for (int i = 0; i < set.Count; i++) rating[(set.UserIndices[i], set.MovieIndices[i])] = set.Ratings[i];
        var rated = Enumerable.Range(0, Users).Select(u => rating.Keys.Where(key => key.Item1 == u).Select(key => key.Item2).ToArray()).ToArray();
        var implicitSet = Enumerable.Range(0, Users).Select(u => rated[u].Concat(extraMovies.Where((_, i) => extraUsers[i] == u)).Distinct().ToArray()).ToArray();
        var pending = new double[]?[Users];
        double[] s = new double[k], g = new double[k];
        int current = -1;

        void Apply(int u)
        {
            if (pending[u] is not { } delta) return;
            double a = Math.Pow(1 - LrY * L2y, rated[u].Length);
            foreach (int j in implicitSet[u]) for (int f = 0; f < k; f++) y[j * k + f] = y[j * k + f] * a + delta[f];
            pending[u] = null;
        }
        void Finish()
        {
            if (current < 0) return;
            double c = 1 / Math.Sqrt(implicitSet[current].Length);
            pending[current] = [.. g.Select(v => LrY * c * v)];
            current = -1;
        }
        runner.RatingVisited = (u, m) =>
        {
            if (u != current)
            {
                Finish();
                current = u;
                Apply(u);
                double c = 1 / Math.Sqrt(implicitSet[u].Length);
                Array.Clear(s);
                Array.Clear(g);
                foreach (int j in implicitSet[u]) for (int f = 0; f < k; f++) s[f] += c * y[j * k + f];
            }
            double dot = 0;
            for (int f = 0; f < k; f++) dot += q[m * k + f] * (p[u * k + f] + s[f]);
            double e = rating[(u, m)] - (mu + bu[u] + bi[m] + dot);
            bu[u] += Lr * (e - L2b * bu[u]);
            bi[m] += Lr * (e - L2b * bi[m]);
            for (int f = 0; f < k; f++)
            {
                double pf = p[u * k + f], qf = q[m * k + f];
                p[u * k + f] = pf + Lr * (e * qf - L2 * pf);
                q[m * k + f] = qf + Lr * (e * (pf + s[f]) - L2 * qf);
                g[f] += e * qf;
            }
        };
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            runner.RunEpoch(epoch, Lr, CancellationToken.None);
            Finish();
        }

        var updated = runner.MovieTableWithPendingUpdates();
        for (int u = 0; u < Users; u++) Apply(u);
        for (int u = 0; u < Users; u++) runner.UserBiases[u].Should().BeApproximately((float)bu[u], 1e-4f);
        for (int i = 0; i < p.Length; i++) runner.UserFactors[i].Should().BeApproximately((float)p[i], 1e-4f);
        for (int m = 0; m < Movies; m++)
        {
            runner.MovieTable[m * stride + 2 * k].Should().BeApproximately((float)bi[m], 1e-4f);
            for (int f = 0; f < k; f++)
            {
                runner.MovieTable[m * stride + f].Should().BeApproximately((float)q[m * k + f], 1e-4f, "q of movie {0}", m);
                updated[m * stride + k + f].Should().BeApproximately((float)y[m * k + f], 1e-4f, "y of movie {0}", m);
            }
        }
    }

    [Fact]
    public void RunEpoch_TimeBiases_MatchHandComputedStepsInVisitOrder()
    {
        // One user, two ratings 10 days apart; 2 bins over days 100..110 (6 days each): day 100 in bin 0, day 110 in bin 1.
        var set = new RatingSet(IdIndex.FromIds([3]), IdIndex.FromIds([1, 2]), [0, 0], [0, 1], [5f, 2f], [100, 110], RatingScale.Netflix);
        const float Lr = 0.05f, L2b = 0.02f, L2Day = 0.5f, L2Bin = 0.7f, L2Drift = 0.1f, DriftScale = 0.2f;
        var settings = new FusedSvdPlusPlusSettings(2, 0.01f, L2b, 1, 9)
        {
            ImplicitFeedback = false,
            TimeBiases = true,
            TimeBins = 2,
            L2DayBiases = L2Day,
            L2BinBiases = L2Bin,
            L2Drift = L2Drift,
            DriftLearningRateScale = DriftScale,
            InitialStandardDeviation = 0,
            Lanes = 1,
        };
        using var runner = new FusedSvdPlusPlusEpochRunner(set.All(), [], [], settings);
        var order = new List<int>();
        runner.RatingVisited = (_, movie) => order.Add(movie);
        runner.RunEpoch(1, Lr, CancellationToken.None);

        // Factors start at 0 and stay 0, so r = mu + b_u + alpha dev(t) + b_{u,t} + b_i + b_{i,bin}. t_u = 105.
        double mu = 3.5, bu = 0, alpha = 0;
        double[] bi = new double[2], bday = new double[2], bbin = new double[2];
        double dev = Math.Pow(5, 0.4);
        foreach (int m in order)
        {
            double d = m == 0 ? -dev : dev;
            double e = (m == 0 ? 5 : 2) - (mu + bu + alpha * d + bday[m] + bi[m] + bbin[m]);
            bu += Lr * (e - L2b * bu);
            bi[m] += Lr * (e - L2b * bi[m]);
            alpha += Lr * DriftScale * (e * d - L2Drift * alpha);
            bday[m] += Lr * (e - L2Day * bday[m]); // one rating per day: the day's whole penalty at its one rating
            bbin[m] += Lr * (e - L2Bin * bbin[m]);
        }
        int stride = runner.Stride;
        order.Should().HaveCount(2);
        runner.UserBiases[0].Should().BeApproximately((float)bu, 1e-6f);
        runner.Drifts[0].Should().BeApproximately((float)alpha, 1e-6f);
        runner.DayBiases.Should().HaveCount(2);
        runner.DayBiases[0].Should().BeApproximately((float)bday[0], 1e-6f);
        runner.DayBiases[1].Should().BeApproximately((float)bday[1], 1e-6f);
        for (int m = 0; m < 2; m++)
        {
            runner.MovieTable[m * stride + 4].Should().BeApproximately((float)bi[m], 1e-6f);
            runner.MovieTable[m * stride + 5 + m].Should().BeApproximately((float)bbin[m], 1e-6f, "movie {0} was rated in bin {0}", m);
            runner.MovieTable[m * stride + 5 + (1 - m)].Should().Be(0f, "no rating of movie {0} falls in the other bin", m);
        }
    }

    [Fact]
    public void RunEpoch_NoImplicitFeedbackNoTimeTerms_EqualsBiasedMatrixFactorization()
    {
        var set = PrizeTestData.Dated(users: 40, movies: 30, perUser: 12);
        const int K = 4;
        const float L2 = 0.05f, L2b = 0.02f;
        var settings = new FusedSvdPlusPlusSettings(K, L2, L2b, 1, 4) { ImplicitFeedback = false, InitialStandardDeviation = 0.1f, Lanes = 1 };
        using var runner = new FusedSvdPlusPlusEpochRunner(set.All(), [], [], settings);
        int stride = runner.Stride;
        double mu = set.Mean();
        // Reference: plain biased MF SGD (Koren 2009) on copies of the initial parameters, in the runner's visit order.
        double[] p = [.. runner.UserFactors.ToArray().Select(v => (double)v)];
        double[] q = new double[30 * K];
        for (int m = 0; m < 30; m++) for (int f = 0; f < K; f++) q[m * K + f] = runner.MovieTable[m * stride + f];
        double[] bu = new double[40], bi = new double[30];
        var rating = new Dictionary<(int, int), float>();
        for (int i = 0; i < set.Count; i++) rating[(set.UserIndices[i], set.MovieIndices[i])] = set.Ratings[i];
        float lr = 0.02f;
        runner.RatingVisited = (u, m) =>
        {
            double dot = 0;
            for (int f = 0; f < K; f++) dot += p[u * K + f] * q[m * K + f];
            double e = rating[(u, m)] - (mu + bu[u] + bi[m] + dot);
            bu[u] += lr * (e - L2b * bu[u]);
            bi[m] += lr * (e - L2b * bi[m]);
            for (int f = 0; f < K; f++)
            {
                double pf = p[u * K + f], qf = q[m * K + f];
                p[u * K + f] = pf + lr * (e * qf - L2 * pf);
                q[m * K + f] = qf + lr * (e * pf - L2 * qf);
            }
        };
        for (int epoch = 1; epoch <= 3; epoch++) runner.RunEpoch(epoch, lr, CancellationToken.None);

        for (int u = 0; u < 40; u++) runner.UserBiases[u].Should().BeApproximately((float)bu[u], 1e-4f);
        for (int m = 0; m < 30; m++)
        {
            runner.MovieTable[m * stride + 2 * K].Should().BeApproximately((float)bi[m], 1e-4f);
            for (int f = 0; f < K; f++) runner.MovieTable[m * stride + f].Should().BeApproximately((float)q[m * K + f], 1e-4f);
        }
        for (int i = 0; i < p.Length; i++) runner.UserFactors[i].Should().BeApproximately((float)p[i], 1e-4f);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Train_OneAndTwoThreads_BitIdenticalModels(bool implicitFeedback, bool timeBiases)
    {
        var set = PrizeTestData.Dated();
        var options = new SvdPlusPlusOptions { EmbeddingDimension = 8, Epochs = 4, ImplicitFeedback = implicitFeedback, TimeBiases = timeBiases, ParallelLanes = 2 };
        var one = new SvdPlusPlusTrainer(options with { Threads = 1 }).Train(set.All(), implicitPairs: [(11, 21), (21, 31)]).Model.Parameters;
        var two = new SvdPlusPlusTrainer(options with { Threads = 2 }).Train(set.All(), implicitPairs: [(11, 21), (21, 31)]).Model.Parameters;
        two.UserFactors.Should().Equal(one.UserFactors);
        two.MovieFactors.Should().Equal(one.MovieFactors);
        two.UserBiases.Should().Equal(one.UserBiases);
        two.MovieBiases.Should().Equal(one.MovieBiases);
        if (timeBiases)
        {
            two.Time!.UserDayBiases.Should().Equal(one.Time!.UserDayBiases);
            two.Time.MovieBinBiases.Should().Equal(one.Time.MovieBinBiases);
            two.Time.UserDrifts.Should().Equal(one.Time.UserDrifts);
        }
    }

    [Fact]
    public void Train_DatedLowRankData_SvdPlusPlusAndTimeBiasesBeatTheGlobalMean()
    {
        var set = PrizeTestData.Dated();
        var (train, test) = PrizeTestData.Split(set);
        var options = new SvdPlusPlusOptions { EmbeddingDimension = 8, Epochs = 40, LearningRate = 0.02f, TimeBiases = true };
        var result = new SvdPlusPlusTrainer(options).Train(train, test);
        double mean = train.Mean();
        double meanRmse = Math.Sqrt(Enumerable.Range(0, test.Count).Average(i => Math.Pow(set.Ratings[test.PositionAt(i)] - mean, 2)));
        result.Reports[^1].TestRmse.Should().BeLessThan(0.8 * meanRmse);
        result.Reports[^1].TrainRmse.Should().BeLessThan(result.Reports[0].TrainRmse);
    }
}
