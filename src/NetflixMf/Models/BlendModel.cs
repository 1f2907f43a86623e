using NetflixMf.Shared;
namespace NetflixMf.Models;

/// <summary>
/// A linear blend of other models' predictions: r = w_0 + sum_k w_k r_k(u, i), clamped to the scale, as the Netflix
/// Prize teams blended their models on the probe set (BellKor 2008; Töscher, Jahrer and Bell 2009).
/// </summary>
/// <remarks>
/// The member models are embedded in the blend's file, so one file predicts on its own. Dated predictions pass the
/// day to members that are <see cref="IDatedRecommender"/>s. The blend owns its members and disposes them.
/// </remarks>
public sealed class BlendModel : IDatedRecommender
{
    private readonly IRecommender[] _members;
    private readonly byte[][] _memberFiles;
    private readonly double[] _weights;

    internal BlendModel(IReadOnlyList<IRecommender> members, IReadOnlyList<byte[]> memberFiles, IReadOnlyList<string> memberNames, double intercept, IReadOnlyList<double> weights, float minimum, float maximum)
    {
        if (members.Count == 0 || memberFiles.Count != members.Count || memberNames.Count != members.Count || weights.Count != members.Count)
        {
            throw new ArgumentException("A blend needs one file, name and weight per member, and at least one member.");
        }
        _members = [.. members];
        _memberFiles = [.. memberFiles];
        _weights = [.. weights];
        MemberNames = [.. memberNames];
        Intercept = intercept;
        Scale = new Data.RatingScale(minimum, maximum);
    }

    /// <summary>The names of the member models (their file names when fitted from files).</summary>
    public IReadOnlyList<string> MemberNames { get; }

    /// <summary>The constant term w_0.</summary>
    public double Intercept { get; }

    /// <summary>The weight w_k of each member, in member order.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The member models, in order.</summary>
    public IReadOnlyList<IRecommender> Members => _members;

    /// <summary>The rating scale predictions are clamped to.</summary>
    public Data.RatingScale Scale { get; }

    internal IReadOnlyList<byte[]> MemberFiles => _memberFiles;

    /// <inheritdoc/>
    public bool IsKnownUser(int userId) => _members.Any(m => m.IsKnownUser(userId));

    /// <inheritdoc/>
    public bool IsKnownMovie(int movieId) => _members.Any(m => m.IsKnownMovie(movieId));

    /// <inheritdoc/>
    public float Predict(int userId, int movieId) => PredictDetailed(userId, movieId).Value;

    /// <inheritdoc/>
    public Prediction PredictDetailed(int userId, int movieId)
    {
        double value = Intercept;
        for (int k = 0; k < _members.Length; k++) value += _weights[k] * _members[k].Predict(userId, movieId);
        return new Prediction(Scale.Clamp((float)value), PredictionRules.Basis(IsKnownUser(userId), IsKnownMovie(movieId)));
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, Span<float> predictions)
    {
        PredictionRules.RequireBatch(userIds.Length, movieIds.Length, predictions.Length);
        PredictCore(userIds, movieIds, default, dated: false, predictions);
    }

    /// <inheritdoc/>
    public float PredictOn(int userId, int movieId, int dayNumber)
    {
        double value = Intercept;
        for (int k = 0; k < _members.Length; k++)
        {
            value += _weights[k] * (_members[k] is IDatedRecommender dated ? dated.PredictOn(userId, movieId, dayNumber) : _members[k].Predict(userId, movieId));
        }
        return Scale.Clamp((float)value);
    }

    /// <inheritdoc/>
    public void PredictOn(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, ReadOnlySpan<ushort> dayNumbers, Span<float> predictions)
    {
        if (movieIds.Length != userIds.Length || dayNumbers.Length != userIds.Length || predictions.Length != userIds.Length)
        {
            throw new ArgumentException("The input spans and predictions must have the same length.");
        }
        PredictCore(userIds, movieIds, dayNumbers, dated: true, predictions);
    }

    private void PredictCore(ReadOnlySpan<int> userIds, ReadOnlySpan<int> movieIds, ReadOnlySpan<ushort> dayNumbers, bool dated, Span<float> predictions)
    {
        var sum = new double[userIds.Length];
        Array.Fill(sum, Intercept);
        var buffer = new float[userIds.Length];
        for (int k = 0; k < _members.Length; k++)
        {
            if (dated && _members[k] is IDatedRecommender member) member.PredictOn(userIds, movieIds, dayNumbers, buffer);
            else _members[k].Predict(userIds, movieIds, buffer);
            for (int i = 0; i < buffer.Length; i++) sum[i] += _weights[k] * buffer[i];
        }
        for (int i = 0; i < sum.Length; i++) predictions[i] = Scale.Clamp((float)sum[i]);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation> Recommend(int userId, int count, IReadOnlySet<int>? excludeMovieIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var movies = new SortedSet<int>();
        foreach (var member in _members)
        {
            foreach (var r in member.Recommend(userId, (int)Math.Min(int.MaxValue, Math.Max(4L * count, 100)), excludeMovieIds)) movies.Add(r.MovieId);
        }
        // Blend scores of the members' candidates: a linear blend with positive weights ranks near these.
        return [.. movies.Select(m => new Recommendation(m, Predict(userId, m))).OrderByDescending(r => r.PredictedRating).ThenBy(r => r.MovieId).Take(count)];
    }

    /// <summary>Saves the blend with its embedded members to a file, atomically (through <see cref="AtomicFileWriter"/>).</summary>
    /// <param name="path">The model file to write.</param>
    /// <exception cref="IOException">The target is not a regular file, its folder is missing, or writing failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public void Save(string path) => AtomicFileWriter.Write(path, stream => BlendModelFile.Write(stream, this));

    /// <summary>Saves the blend with its embedded members to a stream.</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        BlendModelFile.Write(stream, this);
    }

    /// <summary>Loads a blend saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The blend file.</param>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or not a blend.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, a device node or a FIFO rather than a regular file.</exception>
    public static BlendModel Load(string path) =>
        RecommenderFile.Load(path) as BlendModel ?? throw new InvalidDataException($"{path} is not a blend model file.");

    /// <summary>Disposes the member models.</summary>
    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
    }
}
