namespace NetflixMf.Models;

/// <summary>What a prediction was based on.</summary>
public enum PredictionBasis
{
    /// <summary>Both ids were known: the full model.</summary>
    Model,

    /// <summary>The user was unknown: global mean + movie bias.</summary>
    UnknownUser,

    /// <summary>The movie was unknown: global mean + user bias.</summary>
    UnknownMovie,

    /// <summary>Both ids were unknown: the global mean.</summary>
    UnknownUserAndMovie,
}
