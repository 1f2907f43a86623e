namespace NetflixMf.Models;

/// <summary>A per-user or per-movie table a head declared (see <see cref="FactorizationHead.Tables"/>).</summary>
/// <param name="Name">The table's name: the buffer name it is saved under.</param>
/// <param name="IsUserTable">Whether the table has one row per user (otherwise one per movie).</param>
/// <param name="Width">The number of columns.</param>
public sealed record HeadTable(string Name, bool IsUserTable, int Width);
