namespace NetflixMf.Data.Synthetic;

/// <summary>One thread's reusable buffers for generating a movie's ratings (no allocation per movie or per rating).</summary>
internal sealed class MovieScratch(int users)
{
    public const byte Training = 0, Probe = 1, Qualifying = 2;

    /// <summary>Per model user: the (movie index + 1) that last drew it.</summary>
    public int[] Stamps { get; } = new int[users];

    public int[] Users { get; private set; } = new int[1024];

    /// <summary><see cref="Training"/>, <see cref="Probe"/> (written and listed in probe.txt) or <see cref="Qualifying"/> (hidden).</summary>
    public byte[] Kinds { get; private set; } = new byte[1024];

    public byte[] Ratings { get; private set; } = new byte[1024];

    public ushort[] Days { get; private set; } = new ushort[1024];

    public float[] Truths { get; private set; } = new float[1024];

    public void EnsureCapacity(int count)
    {
        if (Users.Length >= count) return;
        int size = Math.Max(count, Users.Length * 2);
        Users = new int[size];
        Kinds = new byte[size];
        Ratings = new byte[size];
        Days = new ushort[size];
        Truths = new float[size];
    }
}
