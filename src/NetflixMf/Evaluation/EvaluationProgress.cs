namespace NetflixMf.Evaluation;

/// <summary>How far an evaluation has come.</summary>
/// <param name="Completed">The units done so far: rating pairs for error metrics, users for ranking metrics.</param>
/// <param name="Total">The units to do in all.</param>
public readonly record struct EvaluationProgress(long Completed, long Total)
{
    /// <summary>The fraction done, from 0 to 1 (1 when there is nothing to do).</summary>
    public double Fraction => Total == 0 ? 1 : (double)Completed / Total;
}
