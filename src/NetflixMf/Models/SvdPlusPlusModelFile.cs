using NetflixMf.Data;

namespace NetflixMf.Models;

/// <summary>The single-file format of an <see cref="SvdPlusPlusModel"/>.</summary>
/// <remarks>
/// Little-endian: magic "NMFSVDPP", int32 version, training options text, implicit-feedback flag, scale, global mean,
/// factors, user and movie id indexes, the bias and factor arrays (length-prefixed raw float32), a time-bias flag and,
/// when set, the time tables; then an XxHash64 of everything before it. Arrays are stored bit for bit, so a loaded
/// model predicts exactly as the saved one.
/// </remarks>
internal static class SvdPlusPlusModelFile
{
    public const int FormatVersion = 1;

    public static void Write(Stream destination, SvdPlusPlusModel model)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files are written on little-endian machines only.");
        var w = new HashedWriter(destination);
        var p = model.Parameters;
        w.Bytes(PrizeModelFile.SvdPlusPlusMagic);
        w.Int32(FormatVersion);
        w.String(model.TrainingOptions);
        w.Int32(model.HasImplicitFeedback ? 1 : 0);
        w.Single(model.Scale.Minimum);
        w.Single(model.Scale.Maximum);
        w.Single(p.GlobalMean);
        w.Int32(p.Factors);
        w.Index(model.Users);
        w.Index(model.Movies);
        w.Array(p.UserBiases);
        w.Array(p.MovieBiases);
        w.Array(p.UserFactors);
        w.Array(p.MovieFactors);
        var t = p.Time;
        w.Int32(t is null ? 0 : 1);
        if (t is not null)
        {
            w.Single(t.Beta);
            w.Int32(t.FirstDay);
            w.Int32(t.BinDays);
            w.Int32(t.Bins);
            w.Array(t.UserMeanDays);
            w.Array(t.UserDrifts);
            w.Array(t.UserDayStarts);
            w.Array(t.UserDays);
            w.Array(t.UserDayBiases);
            w.Array(t.MovieBinBiases);
        }
        w.Finish();
    }

    public static SvdPlusPlusModel Read(byte[] data, string source)
    {
        var r = new CheckedReader(data, PrizeModelFile.SvdPlusPlusMagic, FormatVersion, source, "SVD++ model");
        string options = r.String();
        bool implicitFeedback = r.Int32() != 0;
        var scale = new RatingScale(r.Single(), r.Single());
        if (!(scale.Minimum <= scale.Maximum) || !float.IsFinite(scale.Minimum) || !float.IsFinite(scale.Maximum))
        {
            throw new InvalidDataException($"{source} has an invalid rating scale {scale.Minimum}..{scale.Maximum}.");
        }
        float mean = r.Single();
        int factors = r.Int32();
        if (factors is < 1 or > 1 << 16) throw new InvalidDataException($"{source} has an invalid embedding dimension {factors}.");
        var users = r.Index();
        var movies = r.Index();
        var userBiases = r.Array<float>(users.Count, "the user biases");
        var movieBiases = r.Array<float>(movies.Count, "the movie biases");
        var userFactors = r.Array<float>((long)users.Count * factors, "the user factors");
        var movieFactors = r.Array<float>((long)movies.Count * factors, "the movie factors");
        TimeBiasTables? time = null;
        if (r.Int32() != 0)
        {
            float beta = r.Single();
            int firstDay = r.Int32(), binDays = r.Int32(), bins = r.Int32();
            if (bins is < 1 or > 100_000 || binDays < 1 || !(beta > 0 && beta <= 2)) throw new InvalidDataException($"{source} has invalid time-bias settings.");
            var meanDays = r.Array<float>(users.Count, "the user mean days");
            var drifts = r.Array<float>(users.Count, "the user drifts");
            var dayStarts = r.Array<int>(users.Count + 1, "the user day offsets");
            var days = r.Array<ushort>(-1, "the user days");
            var dayBiases = r.Array<float>(days.Length, "the user day biases");
            var binBiases = r.Array<float>((long)movies.Count * bins, "the movie bin biases");
            if (dayStarts[0] != 0 || dayStarts[^1] != days.Length) throw new InvalidDataException($"{source} is corrupt: bad user day offsets.");
            for (int u = 0; u < users.Count; u++)
            {
                if (dayStarts[u + 1] < dayStarts[u]) throw new InvalidDataException($"{source} is corrupt: bad user day offsets.");
            }
            time = new TimeBiasTables(beta, firstDay, binDays, bins, meanDays, drifts, dayStarts, days, dayBiases, binBiases);
        }
        r.End();
        var parameters = new SvdPlusPlusParameters(factors, mean, userBiases, movieBiases, userFactors, movieFactors, time);
        return new SvdPlusPlusModel(parameters, users, movies, scale, implicitFeedback, options);
    }
}
