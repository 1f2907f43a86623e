namespace NetflixMf.Data;

/// <summary>The phase a loader is in when it reports progress.</summary>
public enum LoadPhase
{
    /// <summary>Counting lines to size the columns exactly (a fast scan, like <c>wc -l</c>).</summary>
    Counting = 0,

    /// <summary>Parsing the ratings into the columns.</summary>
    Parsing = 1,
}
