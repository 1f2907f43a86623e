using NetflixMf.Data;

namespace NetflixMf.Splitting;

/// <summary>Splits ratings into a training part and a test part.</summary>
/// <remarks>Implementations are deterministic: the same data and options give the same positions, whatever the number
/// of threads. A split of a view (for example the training part of an earlier split) only uses that view's ratings, so
/// splits nest: split once for test, then split the training part again for validation.</remarks>
public interface ITrainTestSplitter
{
    /// <summary>Splits <paramref name="data"/>; both parts are views of <c>data.Source</c>.</summary>
    TrainTestSplit Split(RatingView data);
}
