using NetflixMf.Indexing;

namespace NetflixMf.Models;

/// <summary>
/// A recommender that can be asked by dense index when the data shares its id indexes (the training set it was built
/// on): the same predictions as by id, without the two id lookups per pair, each a cache miss at Netflix scale.
/// </summary>
internal interface IIndexPredictor
{
    /// <summary>Whether <paramref name="users"/> and <paramref name="movies"/> are this model's own indexes.</summary>
    bool UsesIndexes(IdIndex users, IdIndex movies);

    /// <summary>Predicts dense index pairs (-1 = unknown) exactly as the batched predict by id would.</summary>
    void PredictByIndex(ReadOnlySpan<int> userIndices, ReadOnlySpan<int> movieIndices, Span<float> predictions);
}
