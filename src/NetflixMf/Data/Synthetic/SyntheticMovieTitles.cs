using NetflixMf.Shared;

namespace NetflixMf.Data.Synthetic;

/// <summary>Made-up movie titles and years with the quirks of Netflix's movie_titles.txt: commas inside titles, a few
/// Latin-1 accented letters, a few NULL years.</summary>
internal static class SyntheticMovieTitles
{
    private const ulong TitleStream = 5;

    private static readonly string[] Adjectives =
    [
        "Silent", "Broken", "Hidden", "Last", "Golden", "Dark", "Lost", "Wild", "Crimson", "Frozen", "Secret", "Endless",
        "Little", "Great", "Midnight", "Electric", "Forgotten", "Burning", "Northern", "Restless",
    ];

    private static readonly string[] Nouns =
    [
        "River", "Planet", "Summer", "Kingdom", "Stranger", "Garden", "Highway", "Empire", "Harbor", "Island", "Mirror",
        "Detective", "Orchestra", "Desert", "Castle", "Circus", "Engine", "Lighthouse", "Voyage", "Season",
    ];

    private static readonly string[] Accented = ["Café", "Fiancée", "Résumé", "Protégé", "Soirée", "Touché"];

    /// <summary>The year (or null) and title of a movie; deterministic in (seed, movie index).</summary>
    public static (int? Year, string Title) Create(int seed, int movieIndex, int movies)
    {
        var random = SeededRandom.ForStream(seed, TitleStream, movieIndex);
        string adjective = Adjectives[random.NextInt(Adjectives.Length)];
        string noun = Nouns[random.NextInt(Nouns.Length)];
        string other = Nouns[random.NextInt(Nouns.Length)];
        double style = random.NextDouble();
        // Fixed indices guarantee every quirk appears at least once, whatever the size.
        bool accent = style < 0.02 || movieIndex == movies / 3;
        bool comma = (style >= 0.02 && style < 0.12) || movieIndex == 0;
        string title = accent ? $"The {adjective} {Accented[random.NextInt(Accented.Length)]}"
            : comma ? $"{noun}, {other} and the {adjective} {noun}"
            : style < 0.5 ? $"The {adjective} {noun}"
            : style < 0.8 ? $"{noun} of the {adjective} {other}"
            : $"{adjective} {noun}: Season {1 + random.NextInt(7)}";
        // Release years lean recent like Netflix's catalogue (median about 1997), from 1896 to 2005.
        int year = Math.Max(1896, 2005 - (int)(-Math.Log(1 - random.NextDouble()) * 12));
        bool noYear = random.NextDouble() < 0.0005 || movieIndex == movies / 2;
        return (noYear ? null : year, title);
    }
}
