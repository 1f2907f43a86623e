using NetflixMf.Shared;

namespace NetflixMf.Models;

/// <summary>The single-file format of a <see cref="BlendModel"/>.</summary>
/// <remarks>The shared framing of <see cref="FrameWriter"/> (magic "NMFBLEND", version, fields, XxHash3 checksum) with
/// these fields: scale, intercept, then per member its name, weight and whole model file (any kind, int64 length).</remarks>
internal static class BlendModelFile
{
    public const int FormatVersion = 2;
    private const int MaxMembers = 1000;
    private const string Kind = "NetflixMf blend model file";
    private const string Advice = "Fit the blend again with this version of NetflixMf.";

    public static ReadOnlySpan<byte> Magic => "NMFBLEND"u8;

    public static void Write(Stream destination, BlendModel model)
    {
        var frame = new FrameWriter(destination, Magic, FormatVersion);
        frame.WriteSingle(model.Scale.Minimum);
        frame.WriteSingle(model.Scale.Maximum);
        frame.WriteInt64(BitConverter.DoubleToInt64Bits(model.Intercept));
        frame.WriteInt32(model.Members.Count);
        for (int k = 0; k < model.Members.Count; k++)
        {
            frame.WriteString(model.MemberNames[k]);
            frame.WriteInt64(BitConverter.DoubleToInt64Bits(model.Weights[k]));
            frame.WriteInt64(model.MemberFiles[k].Length);
            frame.WriteBytes(model.MemberFiles[k]);
        }
        frame.Finish();
    }

    public static BlendModel Read(Stream source, string name)
    {
        var frame = FrameReader.Open(source, name, Magic, Kind, FormatVersion, Advice);
        var scale = ModelFile.ReadScale(frame);
        double intercept = ReadFinite(frame, "the intercept");
        int count = frame.ReadInt32();
        if (count is < 1 or > MaxMembers) throw new InvalidDataException($"{name} is corrupt: {count} members.");
        var names = new List<string>();
        var weights = new List<double>();
        var files = new List<byte[]>();
        for (int k = 0; k < count; k++)
        {
            names.Add(frame.ReadString(1 << 16, "a member name"));
            weights.Add(ReadFinite(frame, "a member weight"));
            files.Add(frame.ReadArray<byte>(frame.ReadInt64(), "a member model"));
        }
        // The checksum covers the members: verify it before building any of them.
        frame.Finish();
        var members = new List<IRecommender>();
        try
        {
            for (int k = 0; k < count; k++)
            {
                using var member = new MemoryStream(files[k], writable: false);
                members.Add(RecommenderFile.Load(member, $"{name} (member {k + 1})"));
            }
            return new BlendModel(members, files, names, intercept, weights, scale.Minimum, scale.Maximum);
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }

    private static double ReadFinite(FrameReader frame, string what)
    {
        double value = BitConverter.Int64BitsToDouble(frame.ReadInt64());
        if (!double.IsFinite(value)) throw new InvalidDataException($"{frame.Name} is corrupt: {what} is not a finite number.");
        return value;
    }
}
