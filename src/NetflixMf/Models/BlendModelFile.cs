namespace NetflixMf.Models;

/// <summary>The single-file format of a <see cref="BlendModel"/>: magic "NMFBLEND", version, scale, intercept, then per
/// member its name, weight and whole model file (any kind, length-prefixed); an XxHash64 at the end.</summary>
internal static class BlendModelFile
{
    public const int FormatVersion = 1;

    public static void Write(Stream destination, BlendModel model)
    {
        var w = new HashedWriter(destination);
        w.Bytes(PrizeModelFile.BlendMagic);
        w.Int32(FormatVersion);
        w.Single(model.Scale.Minimum);
        w.Single(model.Scale.Maximum);
        w.Double(model.Intercept);
        w.Int32(model.Members.Count);
        for (int k = 0; k < model.Members.Count; k++)
        {
            w.String(model.MemberNames[k]);
            w.Double(model.Weights[k]);
            w.Array(model.MemberFiles[k]);
        }
        w.Finish();
    }

    public static BlendModel Read(byte[] data, string source)
    {
        var r = new CheckedReader(data, PrizeModelFile.BlendMagic, FormatVersion, source, "blend model");
        float minimum = r.Single(), maximum = r.Single();
        if (!(minimum <= maximum) || !float.IsFinite(minimum) || !float.IsFinite(maximum)) throw new InvalidDataException($"{source} has an invalid rating scale.");
        double intercept = r.Double();
        int count = r.Int32();
        if (count is < 1 or > 1000) throw new InvalidDataException($"{source} is corrupt: {count} members.");
        var names = new List<string>();
        var weights = new List<double>();
        var files = new List<byte[]>();
        var members = new List<IRecommender>();
        try
        {
            for (int k = 0; k < count; k++)
            {
                names.Add(r.String());
                weights.Add(r.Double());
                var bytes = r.Array<byte>(-1, "a member model");
                files.Add(bytes);
                members.Add(PrizeModelFile.Load(bytes, $"{source} (member {k + 1})"));
            }
            r.End();
            return new BlendModel(members, files, names, intercept, weights, minimum, maximum);
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }
}
