namespace NetflixMf.Data;

/// <summary>What a reader does with a line it cannot parse.</summary>
public enum BadLinePolicy
{
    /// <summary>Throw a <see cref="RatingFormatException"/> naming the file, the line and the problem.</summary>
    Error = 0,

    /// <summary>Skip the line, count it per <see cref="BadLineReason"/> in the <see cref="LoadReport"/> and keep going.</summary>
    Skip = 1,
}
