using NetflixMf.Models;

namespace NetflixMf.Training;

/// <summary>What <see cref="BlendTrainer"/> fitted: the blend and the holdout RMSE of each member and of the blend.</summary>
/// <param name="Model">The blend (it owns its members).</param>
/// <param name="MemberRmse">The holdout RMSE of each member, in member order.</param>
/// <param name="BlendRmse">The holdout RMSE of the blend.</param>
/// <param name="HoldoutRatings">The number of holdout ratings the blend was fitted on.</param>
public sealed record BlendResult(BlendModel Model, IReadOnlyList<double> MemberRmse, double BlendRmse, long HoldoutRatings);
