namespace NetflixMf.Data;

/// <summary>The closed range of valid ratings of a data set; it travels with the data and with every trained model.</summary>
/// <param name="Minimum">The lowest valid rating.</param>
/// <param name="Maximum">The highest valid rating.</param>
public readonly record struct RatingScale(float Minimum, float Maximum)
{
    /// <summary>The Netflix Prize scale: integer stars 1 to 5.</summary>
    public static RatingScale Netflix { get; } = new(1f, 5f);

    /// <summary>The MovieLens 100K/1M scale: integer stars 1 to 5.</summary>
    public static RatingScale MovieLensStars { get; } = new(1f, 5f);

    /// <summary>The MovieLens <c>ratings.csv</c> scale: half stars 0.5 to 5.</summary>
    public static RatingScale MovieLensHalfStars { get; } = new(0.5f, 5f);

    /// <summary>Whether <paramref name="rating"/> lies inside the scale (NaN never does).</summary>
    public bool Contains(float rating) => rating >= Minimum && rating <= Maximum;

    /// <summary>Clamps a prediction into the scale; NaN becomes the midpoint so a prediction is never NaN.</summary>
    public float Clamp(float value) => float.IsNaN(value) ? (Minimum + Maximum) / 2 : Math.Clamp(value, Minimum, Maximum);
}
