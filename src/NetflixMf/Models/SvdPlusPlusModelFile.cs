using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>The single-file format of an <see cref="SvdPlusPlusModel"/>.</summary>
/// <remarks>
/// The shared framing of <see cref="FrameWriter"/> (magic "NMFSVDPP", version, fields, XxHash3 checksum) with these
/// fields: training options text, implicit-feedback flag, scale, global mean, factors, user and movie ids, the bias and
/// factor arrays (int64 count + raw values), a time-bias flag and, when set, the time tables. Arrays are stored bit for
/// bit, so a loaded model predicts exactly as the saved one; every size is checked before allocation and every weight
/// must be finite.
/// </remarks>
internal static class SvdPlusPlusModelFile
{
    public const int FormatVersion = 2;
    private const string Kind = "NetflixMf SVD++ model file";
    private const string Advice = "Save it again with this version of NetflixMf.";

    public static ReadOnlySpan<byte> Magic => "NMFSVDPP"u8;

    public static void Write(Stream destination, SvdPlusPlusModel model)
    {
        var frame = new FrameWriter(destination, Magic, FormatVersion);
        var p = model.Parameters;
        frame.WriteString(model.TrainingOptions);
        frame.WriteInt32(model.HasImplicitFeedback ? 1 : 0);
        frame.WriteSingle(model.Scale.Minimum);
        frame.WriteSingle(model.Scale.Maximum);
        frame.WriteSingle(p.GlobalMean);
        frame.WriteInt32(p.Factors);
        ModelFile.WriteIds(frame, model.Users);
        ModelFile.WriteIds(frame, model.Movies);
        WriteArray(frame, p.UserBiases);
        WriteArray(frame, p.MovieBiases);
        WriteArray(frame, p.UserFactors);
        WriteArray(frame, p.MovieFactors);
        var t = p.Time;
        frame.WriteInt32(t is null ? 0 : 1);
        if (t is not null)
        {
            frame.WriteSingle(t.Beta);
            frame.WriteInt32(t.FirstDay);
            frame.WriteInt32(t.BinDays);
            frame.WriteInt32(t.Bins);
            WriteArray(frame, t.UserMeanDays);
            WriteArray(frame, t.UserDrifts);
            WriteArray(frame, t.UserDayStarts);
            WriteArray(frame, t.UserDays);
            WriteArray(frame, t.UserDayBiases);
            WriteArray(frame, t.MovieBinBiases);
        }
        frame.Finish();
    }

    public static SvdPlusPlusModel Read(Stream source, string name)
    {
        var frame = FrameReader.Open(source, name, Magic, Kind, FormatVersion, Advice);
        string options = frame.ReadString(1 << 20, "the training options");
        bool implicitFeedback = frame.ReadInt32() != 0;
        var scale = ModelFile.ReadScale(frame);
        float mean = ModelFile.ReadGlobalMean(frame);
        int factors = frame.ReadInt32();
        if (factors is < 1 or > 1 << 16) throw new InvalidDataException($"{name} has an invalid embedding dimension {factors}.");
        var users = ModelFile.ReadIds(frame, "the user ids");
        var movies = ModelFile.ReadIds(frame, "the movie ids");
        var userBiases = ReadFloats(frame, users.Count, "the user biases");
        var movieBiases = ReadFloats(frame, movies.Count, "the movie biases");
        var userFactors = ReadFloats(frame, (long)users.Count * factors, "the user factors");
        var movieFactors = ReadFloats(frame, (long)movies.Count * factors, "the movie factors");
        TimeBiasTables? time = null;
        if (frame.ReadInt32() != 0)
        {
            float beta = frame.ReadSingle();
            int firstDay = frame.ReadInt32(), binDays = frame.ReadInt32(), bins = frame.ReadInt32();
            if (bins is < 1 or > 100_000 || binDays < 1 || !(beta > 0 && beta <= 2)) throw new InvalidDataException($"{name} has invalid time-bias settings.");
            var meanDays = ReadFloats(frame, users.Count, "the user mean days");
            var drifts = ReadFloats(frame, users.Count, "the user drifts");
            var dayStarts = ReadArray<int>(frame, users.Count + 1L, "the user day offsets");
            var days = ReadArray<ushort>(frame, -1, "the user days");
            var dayBiases = ReadFloats(frame, days.Length, "the user day biases");
            var binBiases = ReadFloats(frame, (long)movies.Count * bins, "the movie bin biases");
            if (dayStarts[0] != 0 || dayStarts[^1] != days.Length) throw new InvalidDataException($"{name} is corrupt: bad user day offsets.");
            for (int u = 0; u < users.Count; u++)
            {
                if (dayStarts[u + 1] < dayStarts[u]) throw new InvalidDataException($"{name} is corrupt: bad user day offsets.");
            }
            time = new TimeBiasTables(beta, firstDay, binDays, bins, meanDays, drifts, dayStarts, days, dayBiases, binBiases);
        }
        frame.Finish();
        var parameters = new SvdPlusPlusParameters(factors, mean, userBiases, movieBiases, userFactors, movieFactors, time);
        return new SvdPlusPlusModel(parameters, users, movies, scale, implicitFeedback, options);
    }

    private static void WriteArray<T>(FrameWriter frame, T[] values)
        where T : unmanaged
    {
        frame.WriteInt64(values.Length);
        frame.WriteArray<T>(values);
    }

    /// <summary>An int64 count (checked against <paramref name="expected"/> unless it is negative), then the values.</summary>
    private static T[] ReadArray<T>(FrameReader frame, long expected, string what)
        where T : unmanaged
    {
        long count = frame.ReadInt64();
        if (count < 0 || (expected >= 0 && count != expected)) throw new InvalidDataException($"{frame.Name} is corrupt: {what} has {count:N0} entries instead of {expected:N0}.");
        return frame.ReadArray<T>(count, what);
    }

    private static float[] ReadFloats(FrameReader frame, long expected, string what)
    {
        float[] values = ReadArray<float>(frame, expected, what);
        foreach (float value in values)
        {
            if (!float.IsFinite(value)) throw new InvalidDataException($"{frame.Name} is corrupt: {what} hold NaN or infinite values.");
        }
        return values;
    }
}
