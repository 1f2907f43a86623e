using NetflixMf.Shared;

namespace NetflixMf.Data.Synthetic;

/// <summary>
/// The hidden truth behind a synthetic data set: sparse user ids, biases, latent factors, activity and popularity, and
/// the exact number of ratings of each movie. Every movie then draws its ratings from its own random stream, so movies
/// can be generated in any order on any number of threads with identical results.
/// </summary>
/// <remarks>
/// True rating r*(u, i) = mu + b_u + b_i + p_u . q_i (Koren, Bell and Volinsky 2009); the written rating is
/// clamp(round(r* + noise), 1, 5). Activity and popularity are log-normal with the spreads of the Netflix data
/// (users: mean / median about 2.2; movies: about 10), so a few users and movies hold most ratings.
/// </remarks>
internal sealed class SyntheticModel
{
    // Tuned so that the written ratings have mean ~3.6 and standard deviation ~1.08 like Netflix's.
    private const double BaseRating = 3.74;
    private const double UserBiasDeviation = 0.45;
    private const double MovieBiasDeviation = 0.50;
    private const double InteractionDeviation = 0.50;
    private const double UserActivitySigma = 1.7;
    private const double MoviePopularitySigma = 2.3;

    // Stream purposes: each kind of randomness has its own stream so that adding one never shifts another.
    private const ulong UserIdStream = 1, UserStream = 2, MovieStream = 3, MovieRatingStream = 4;

    private readonly SyntheticDataOptions _options;
    private readonly float[] _userBias;
    private readonly float[] _userFactors;
    private readonly ushort[] _userFirstDay;
    private readonly float[] _movieBias;
    private readonly float[] _movieFactors;
    private readonly AliasTable _activity;

    public SyntheticModel(SyntheticDataOptions options)
    {
        options.Validate();
        _options = options;
        Factors = options.Factors;
        FirstDay = RatingSet.ToDayNumber(options.FirstDate);
        LastDay = RatingSet.ToDayNumber(options.LastDate);
        int users = options.Users, movies = options.Movies, f = options.Factors;
        // p_u . q_i is a sum of f products of two N(0, s^2) numbers: variance f s^4.
        double factorDeviation = Math.Pow(InteractionDeviation * InteractionDeviation / f, 0.25);

        // Sparse, sorted CustomerIDs: selection sampling of Users ids out of 1..MaxUserId.
        UserIds = new int[users];
        var random = SeededRandom.ForStream(options.Seed, UserIdStream, 0);
        int maxId = options.EffectiveMaxUserId, needed = users, k = 0;
        for (int id = 1; id <= maxId && needed > 0; id++)
        {
            if (random.NextDouble() * (maxId - id + 1) < needed)
            {
                UserIds[k++] = id;
                needed--;
            }
        }
        UserIndex = Indexing.IdIndex.FromSortedDistinct(UserIds);

        _userBias = new float[users];
        _userFactors = new float[users * f];
        _userFirstDay = new ushort[users];
        var activity = new double[users];
        random = SeededRandom.ForStream(options.Seed, UserStream, 0);
        int span = LastDay - FirstDay;
        for (int u = 0; u < users; u++)
        {
            _userBias[u] = (float)(random.NextGaussian() * UserBiasDeviation);
            for (int j = 0; j < f; j++) _userFactors[u * f + j] = (float)(random.NextGaussian() * factorDeviation);
            // Users join over time, more of them late (sqrt skews the join day towards the end), as Netflix grew.
            _userFirstDay[u] = (ushort)(FirstDay + (int)(Math.Sqrt(random.NextDouble()) * span));
            activity[u] = Math.Exp(random.NextGaussian() * UserActivitySigma);
        }
        _activity = new AliasTable(activity);

        _movieBias = new float[movies];
        _movieFactors = new float[movies * f];
        var popularity = new double[movies];
        random = SeededRandom.ForStream(options.Seed, MovieStream, 0);
        for (int i = 0; i < movies; i++)
        {
            _movieBias[i] = (float)(random.NextGaussian() * MovieBiasDeviation);
            for (int j = 0; j < f; j++) _movieFactors[i * f + j] = (float)(random.NextGaussian() * factorDeviation);
            popularity[i] = Math.Exp(random.NextGaussian() * MoviePopularitySigma);
        }
        MovieRatingCounts = AllocateCounts(popularity, options.Ratings, Math.Max(1, (int)(users * SyntheticDataOptions.MaxMovieShare)));
    }

    /// <summary>The CustomerID of each model user, ascending (index = model user index).</summary>
    public int[] UserIds { get; }

    /// <summary>CustomerID to model user index.</summary>
    public Indexing.IdIndex UserIndex { get; }

    /// <summary>The exact number of (written) ratings of each movie; they add up to the requested total.</summary>
    public int[] MovieRatingCounts { get; }

    public int Users => _userBias.Length;

    public int Movies => _movieBias.Length;

    public int Factors { get; }

    public ushort FirstDay { get; }

    public ushort LastDay { get; }

    /// <summary>The noise-free rating, clamped to 1..5: what a perfect model would predict.</summary>
    public float TrueRating(int userIndex, int movieIndex)
    {
        var p = _userFactors.AsSpan(userIndex * Factors, Factors);
        var q = _movieFactors.AsSpan(movieIndex * Factors, Factors);
        float dot = 0;
        for (int j = 0; j < p.Length; j++) dot += p[j] * q[j];
        return Math.Clamp((float)BaseRating + _userBias[userIndex] + _movieBias[movieIndex] + dot, 1f, 5f);
    }

    /// <summary>Draws every rating of one movie (written ones and hidden qualifying ones) into <paramref name="scratch"/>;
    /// users come out in ascending CustomerID order like the real files.</summary>
    public int GenerateMovie(int movieIndex, MovieScratch scratch)
    {
        var random = SeededRandom.ForStream(_options.Seed, MovieRatingStream, movieIndex);
        int written = MovieRatingCounts[movieIndex];
        int qualifying = Math.Min(random.StochasticRound(written * _options.QualifyingFraction), Users - written);
        int total = written + qualifying;
        scratch.EnsureCapacity(total);

        // Weighted draws without replacement: draw by activity, reject users this movie already has. The stamp array
        // marks the users of the current movie, so no clearing is needed between movies.
        var stamps = scratch.Stamps;
        var users = scratch.Users;
        int stamp = movieIndex + 1, drawn = 0;
        while (drawn < total)
        {
            int u = _activity.Sample(ref random);
            if (stamps[u] == stamp) continue;
            stamps[u] = stamp;
            users[drawn++] = u;
        }
        if (total > Users / 64)
        {
            // Dense movie: reading the marks back in index order is cheaper than sorting.
            int k = 0;
            for (int u = 0; u < stamps.Length; u++) if (stamps[u] == stamp) users[k++] = u;
        }
        else
        {
            users.AsSpan(0, total).Sort();
        }

        var kinds = scratch.Kinds;
        var ratings = scratch.Ratings;
        var days = scratch.Days;
        var truths = scratch.Truths;
        int qualifyingLeft = qualifying;
        double noise = _options.NoiseStandardDeviation, probe = _options.ProbeFraction;
        for (int j = 0; j < total; j++)
        {
            int u = users[j];
            // Selection sampling keeps exactly `qualifying` hidden pairs.
            if (qualifyingLeft > 0 && random.NextDouble() * (total - j) < qualifyingLeft)
            {
                kinds[j] = MovieScratch.Qualifying;
                qualifyingLeft--;
            }
            else
            {
                kinds[j] = random.NextDouble() < probe ? MovieScratch.Probe : MovieScratch.Training;
            }
            int first = _userFirstDay[u];
            days[j] = (ushort)(first + random.NextInt(LastDay - first + 1));
            float truth = TrueRating(u, movieIndex);
            truths[j] = truth;
            double noisy = truth + random.NextGaussian() * noise;
            ratings[j] = (byte)Math.Clamp(Math.Floor(noisy + 0.5), 1, 5);
        }
        return total;
    }

    /// <summary>Splits <paramref name="total"/> ratings over movies in proportion to popularity, at least 1 and at most
    /// <paramref name="cap"/> each (water-filling: movies over the cap are fixed at it and the rest re-shared), with
    /// largest-remainder rounding so the counts add up exactly.</summary>
    private static int[] AllocateCounts(double[] popularity, int total, int cap)
    {
        int movies = popularity.Length;
        long rest = total - movies; // every movie first gets one rating
        int extraCap = cap - 1;
        var extra = new double[movies];
        var capped = new bool[movies];
        while (true)
        {
            double weight = 0;
            long cappedTotal = 0;
            for (int i = 0; i < movies; i++)
            {
                if (capped[i]) cappedTotal += extraCap;
                else weight += popularity[i];
            }
            bool changed = false;
            for (int i = 0; i < movies; i++)
            {
                if (capped[i]) continue;
                extra[i] = (rest - cappedTotal) * popularity[i] / weight;
                if (extra[i] >= extraCap)
                {
                    capped[i] = true;
                    changed = true;
                }
            }
            if (!changed) break;
        }
        var counts = new int[movies];
        long assigned = 0;
        for (int i = 0; i < movies; i++)
        {
            counts[i] = capped[i] ? extraCap : (int)Math.Floor(extra[i]);
            assigned += counts[i];
        }
        // Hand the remaining few ratings to the uncapped movies with the largest fractional parts (ties: lower index).
        var order = Enumerable.Range(0, movies).Where(i => !capped[i]).OrderByDescending(i => extra[i] - Math.Floor(extra[i])).ThenBy(i => i).ToArray();
        for (int k = 0; assigned < rest; k++, assigned++) counts[order[k % order.Length]]++;
        for (int i = 0; i < movies; i++) counts[i]++;
        return counts;
    }
}
