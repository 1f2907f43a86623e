using System.Globalization;

namespace NetflixMf.Data;

/// <summary>Which rating values a file may hold: inside the scale, on whole stars or on half stars.</summary>
internal readonly struct RatingRules
{
    public RatingRules(RatingScale scale, bool halfStars)
    {
        Scale = scale;
        HalfStars = halfStars;
        MinWholeStar = (int)Math.Ceiling(scale.Minimum);
        MaxWholeStar = (int)Math.Floor(scale.Maximum);
    }

    public RatingScale Scale { get; }

    public bool HalfStars { get; }

    /// <summary>The smallest whole star in the scale; the Netflix fast path accepts single digits in [Min, Max].</summary>
    public int MinWholeStar { get; }

    /// <summary>The largest whole star in the scale.</summary>
    public int MaxWholeStar { get; }

    public static RatingRules For(DataKind kind) => kind switch
    {
        DataKind.NetflixBlocks => new(RatingScale.Netflix, false),
        DataKind.MovieLensCsv => new(RatingScale.MovieLensHalfStars, true),
        _ => new(RatingScale.MovieLensStars, false),
    };

    /// <summary>Returns <see langword="null"/> for a valid rating, else what is wrong with it.</summary>
    public string? Check(float value)
    {
        if (!Scale.Contains(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"rating {value} is outside the scale {Scale.Minimum}..{Scale.Maximum}");
        }
        float steps = HalfStars ? value * 2 : value;
        if (steps != MathF.Floor(steps))
        {
            return string.Create(CultureInfo.InvariantCulture, $"rating {value} is not a {(HalfStars ? "whole or half" : "whole")} star");
        }
        return null;
    }
}
