using NetflixMf.Training;

namespace NetflixMf.Tests.Models;

/// <summary>Trains each test head once on <see cref="SyntheticRatings"/> and shares the results between tests.</summary>
public sealed class TrainedModels : IDisposable
{
    private readonly Dictionary<string, TrainingResult> _results = [];

    internal SyntheticRatings Data { get; } = SyntheticRatings.Create();

    internal TrainingResult Get(string head)
    {
        lock (_results)
        {
            if (!_results.TryGetValue(head, out var result))
            {
                result = new FactorizationTrainer(TestHeads.Options(head)).Train(Data.Train, Data.Test);
                _results[head] = result;
            }
            return result;
        }
    }

    public void Dispose()
    {
        foreach (var result in _results.Values) result.Model.Dispose();
    }
}
