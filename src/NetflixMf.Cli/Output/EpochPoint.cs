namespace NetflixMf.Cli.Output;

/// <summary>One epoch's result as the CLI prints, saves and plots it.</summary>
internal sealed record EpochPoint(int Epoch, double TrainRmse, double TestRmse, double Seconds);
