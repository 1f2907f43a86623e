namespace NetflixMf.Data;

/// <summary>Why a line of a ratings file was rejected.</summary>
public enum BadLineReason
{
    /// <summary>A line with a colon that is not a valid <c>MovieID:</c> header (the id must be a positive integer).</summary>
    InvalidMovieHeader = 0,

    /// <summary>A Netflix rating line before the first <c>MovieID:</c> header of its file.</summary>
    RatingBeforeHeader = 1,

    /// <summary>A Netflix rating line under an invalid <c>MovieID:</c> header; it is never credited to another movie.</summary>
    RatingUnderInvalidHeader = 2,

    /// <summary>The line has too few or too many fields.</summary>
    WrongFieldCount = 3,

    /// <summary>The user (customer) id is not a positive integer.</summary>
    InvalidUserId = 4,

    /// <summary>The movie id is not a positive integer.</summary>
    InvalidMovieId = 5,

    /// <summary>The rating is not a number.</summary>
    InvalidRating = 6,

    /// <summary>The rating is a number outside the scale or not on its steps (whole or half stars).</summary>
    RatingOutOfScale = 7,

    /// <summary>The date is not a real <c>YYYY-MM-DD</c> calendar date, or the timestamp is not a valid Unix time.</summary>
    InvalidDate = 8,
}
