using NetflixMf.Cli.Rendering;

namespace NetflixMf.Cli.Workflow;

/// <summary>The CLI's calls into the library's trainer and model files.</summary>
internal static class Training
{
    /// <summary>Trains a model on <paramref name="split"/>, reporting each epoch through <paramref name="onEpoch"/>.</summary>
    public static TrainResult Train(TrainRequest request, SplitResult split, ProgressSink progress, Action<EpochPointReport> onEpoch, CancellationToken cancellationToken)
    {
        throw CliException.DataError("training needs the NetflixMf.Training trainer, which this build does not have yet.");
    }

    /// <summary>Loads a model saved by train --save.</summary>
    public static Models.IRecommender LoadModel(string path)
    {
        if (!File.Exists(path)) throw CliException.DataError($"{path}: no such model file.");
        throw CliException.DataError("loading a model needs NetflixMf.Models.FactorizationModel, which this build does not have yet.");
    }
}

/// <summary>One finished epoch, with the total so the caller can print "epoch 3/20".</summary>
internal sealed record EpochPointReport(Output.EpochPoint Point, int TotalEpochs, long TrainRatings);
