using System.Numerics;
using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>The single-file format of a <see cref="FactorizationModel"/>.</summary>
/// <remarks>
/// In the framing shared with the rating cache (<see cref="FrameWriter"/>: magic "NETFLXMF", int32 format version,
/// fields, XxHash3 checksum): head name, training options text, scale minimum and maximum, global mean, embedding
/// dimension, user and movie ids (int32 count, then the ids), the four parameter tables as raw float32 bytes (each
/// preceded by its int64 byte length), the head's state dictionary (name, dtype, shape, int64 byte length, bytes per
/// entry). Tables and files may exceed 2 GiB: both are streamed in blocks with 64-bit sizes. Loading checks every size
/// against the bytes left in the file before it allocates, rejects NaN and infinite weights, and turns any damage into
/// <see cref="InvalidDataException"/> naming the file, never a native crash or a silently wrong model.
/// </remarks>
internal static unsafe class ModelFile
{
    public const int FormatVersion = 2;
    private const string Kind = "NetflixMf model file";
    private const string Advice = "Re-save the model with this NetflixMf version (or upgrade NetflixMf).";
    private const int MaxStringBytes = 1 << 20;
    private const int MaxFactors = 1 << 16;
    private const int MaxIds = 100_000_000;
    private static ReadOnlySpan<byte> Magic => "NETFLXMF"u8;

    public static void Write(Stream destination, FactorizationModel model)
    {
        var frame = new FrameWriter(destination, Magic, FormatVersion);
        frame.WriteString(model.HeadName);
        frame.WriteString(model.TrainingOptions);
        frame.WriteSingle(model.Scale.Minimum);
        frame.WriteSingle(model.Scale.Maximum);
        var tables = model.Tables;
        frame.WriteSingle(tables.GlobalMean);
        frame.WriteInt32(tables.Factors);
        WriteIds(frame, model.Users);
        WriteIds(frame, model.Movies);
        foreach (var table in tables.All)
        {
            long length = TensorMemory.ByteLength(table);
            frame.WriteInt64(length);
            frame.WriteMemory(TensorMemory.Pointer(table), length);
        }
        using (NewDisposeScope())
        {
            var state = model.Head.state_dict();
            frame.WriteInt32(state.Count);
            foreach (var (name, tensor) in state)
            {
                var cpu = tensor.detach().cpu().contiguous();
                frame.WriteString(name);
                frame.WriteInt32((int)cpu.dtype);
                frame.WriteInt32(cpu.shape.Length);
                foreach (long dimension in cpu.shape) frame.WriteInt64(dimension);
                long length = TensorMemory.ByteLength(cpu);
                frame.WriteInt64(length);
                frame.WriteMemory(TensorMemory.Pointer(cpu), length);
            }
        }
        frame.Finish();
    }

    public static FactorizationModel Read(Stream source, string name, HeadFactory? headFactory)
    {
        TorchRuntime.EnsureLoaded();
        var frame = FrameReader.Open(source, name, Magic, Kind, FormatVersion, Advice);
        string headName = frame.ReadString(MaxStringBytes, "the head name");
        string options = frame.ReadString(MaxStringBytes, "the training options");
        var scale = ModelFile.ReadScale(frame);
        float mean = ModelFile.ReadGlobalMean(frame);
        int factors = frame.ReadInt32();
        if (factors is < 1 or > MaxFactors) throw new InvalidDataException($"{name} has an invalid embedding dimension {factors}.");
        var users = ReadIds(frame, "the user ids");
        var movies = ReadIds(frame, "the movie ids");

        // Every byte the tables and a built-in head need must be in the file before anything is allocated.
        long tableBytes = checked(((long)users.Count + movies.Count) * (factors + 1L) * sizeof(float) + 4 * sizeof(long));
        long headBytes = BuiltInHeadBytes(headName, factors);
        frame.RequireAllocatable(checked(tableBytes + headBytes), $"the tables of {users.Count:N0} users and {movies.Count:N0} movies with {factors} factors and head '{headName}'");

        var created = new List<IDisposable>();
        try
        {
            var userFactors = ReadTable(frame, [users.Count, factors], "the user factors", created);
            var movieFactors = ReadTable(frame, [movies.Count, factors], "the movie factors", created);
            var userBiases = ReadTable(frame, [users.Count], "the user biases", created);
            var movieBiases = ReadTable(frame, [movies.Count], "the movie biases", created);
            var headState = ReadHeadState(frame);
            // The checksum is verified before the head is resolved and created, so any damage reads as damage.
            frame.Finish();
            var factory = ResolveHead(headName, headFactory, name);
            var head = factory.CreateHead(new HeadContext(factors) { UserCount = users.Count, MovieCount = movies.Count });
            created.Add(head);
            LoadHeadState(name, head, headState);
            head.eval();
            var tables = new FactorTables(userFactors, movieFactors, userBiases, movieBiases, mean);
            created.Clear();
            return new FactorizationModel(tables, head, headName, users, movies, scale, options);
        }
        finally
        {
            foreach (var d in created)
            {
                d.Dispose();
            }
        }
    }

    /// <summary>The bytes of a built-in head's parameters, known from its name before it is created (0 for custom heads).</summary>
    private static long BuiltInHeadBytes(string headName, int factors)
    {
        if (HeadFactory.ParseMlpName(headName) is not { } mlp) return 0;
        long bytes = 0, width = 2L * factors;
        foreach (int hidden in mlp.HiddenLayers)
        {
            bytes = checked(bytes + (width * hidden + hidden) * sizeof(float));
            width = hidden;
        }
        return checked(bytes + (width + 1) * sizeof(float));
    }

    private static HeadFactory ResolveHead(string headName, HeadFactory? headFactory, string source)
    {
        if (headFactory is not null)
        {
            if (headFactory.Name != headName)
            {
                throw new InvalidOperationException($"{source} was trained with head '{headName}' but the head factory passed to Load is '{headFactory.Name}'.");
            }
            return headFactory;
        }
        return HeadFactory.FromBuiltInName(headName)
            ?? throw new InvalidOperationException($"{source} was trained with the custom head '{headName}': pass a HeadFactory named '{headName}' to FactorizationModel.Load.");
    }

    /// <summary>Reads a rating scale (minimum, maximum) and checks it: finite, minimum at most maximum.</summary>
    internal static RatingScale ReadScale(FrameReader frame)
    {
        float minimum = frame.ReadSingle(), maximum = frame.ReadSingle();
        if (!(minimum <= maximum) || !float.IsFinite(minimum) || !float.IsFinite(maximum))
        {
            throw new InvalidDataException($"{frame.Name} has an invalid rating scale {minimum}..{maximum}.");
        }
        return new RatingScale(minimum, maximum);
    }

    /// <summary>Reads the global mean and checks it is finite.</summary>
    internal static float ReadGlobalMean(FrameReader frame)
    {
        float mean = frame.ReadSingle();
        if (!float.IsFinite(mean)) throw new InvalidDataException($"{frame.Name} has a non-finite global mean.");
        return mean;
    }

    internal static void WriteIds(FrameWriter frame, IdIndex index)
    {
        frame.WriteInt32(index.Count);
        frame.WriteArray(index.Ids);
    }

    internal static IdIndex ReadIds(FrameReader frame, string what)
    {
        int count = frame.ReadInt32();
        if (count is < 0 or > MaxIds) throw new InvalidDataException($"{frame.Name} is corrupt: {what} count {count} is out of range.");
        int[] ids = frame.ReadArray<int>(count, what);
        try
        {
            return IdIndex.FromSortedDistinct(ids);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{frame.Name} is corrupt: {what}: {e.Message}", e);
        }
    }

    private static Tensor ReadTable(FrameReader frame, long[] shape, string what, List<IDisposable> created)
    {
        long expected = shape.Aggregate((long)sizeof(float), (a, b) => checked(a * b));
        long length = frame.ReadInt64();
        if (length != expected) throw new InvalidDataException($"{frame.Name} is corrupt: {what} [{string.Join(", ", shape)}] has {length} bytes instead of {expected}.");
        frame.RequireAllocatable(length, what);
        var tensor = empty(shape, ScalarType.Float32);
        created.Add(tensor);
        float* data = TensorMemory.FloatPointer(tensor);
        frame.ReadMemory(data, length, what);
        ThrowIfNotFinite(data, length / sizeof(float), frame.Name, what);
        return tensor;
    }

    private sealed record HeadTensor(string Name, ScalarType DataType, long[] Shape, byte[] Bytes);

    private static List<HeadTensor> ReadHeadState(FrameReader frame)
    {
        string source = frame.Name;
        int count = frame.ReadInt32();
        if (count is < 0 or > 1 << 16) throw new InvalidDataException($"{source} is corrupt: {count} head tensors.");
        var entries = new List<HeadTensor>(Math.Min(count, 64));
        for (int i = 0; i < count; i++)
        {
            string name = frame.ReadString(MaxStringBytes, "a head tensor name");
            var dtype = (ScalarType)frame.ReadInt32();
            int rank = frame.ReadInt32();
            if (rank is < 0 or > 16) throw new InvalidDataException($"{source} is corrupt: head tensor '{name}' has rank {rank}.");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = frame.ReadInt64();
            long length = frame.ReadInt64();
            if (length > Array.MaxLength) throw new InvalidDataException($"{source}: head tensor '{name}' has {length:N0} bytes; head tensors are limited to {Array.MaxLength:N0} bytes.");
            frame.RequireAllocatable(length, $"head tensor '{name}'");
            entries.Add(new HeadTensor(name, dtype, shape, frame.ReadArray<byte>(length, $"head tensor '{name}'")));
        }
        return entries;
    }

    private static void LoadHeadState(string source, FactorizationHead head, List<HeadTensor> entries)
    {
        var state = head.state_dict();
        if (entries.Count != state.Count) throw new InvalidDataException($"{source} holds {entries.Count} head tensors but head '{head.GetName()}' has {state.Count}.");
        using var noGrad = no_grad();
        foreach (var (name, dtype, shape, bytes) in entries)
        {
            if (!state.TryGetValue(name, out var target))
            {
                throw new InvalidDataException($"{source} holds head tensor '{name}' which head '{head.GetName()}' does not have.");
            }
            if (target.dtype != dtype || !target.shape.SequenceEqual(shape) || target.device_type != DeviceType.CPU || !target.is_contiguous()
                || TensorMemory.ByteLength(target) != bytes.Length)
            {
                throw new InvalidDataException(
                    $"{source} holds head tensor '{name}' as {dtype} [{string.Join(", ", shape)}] but the head expects {target.dtype} [{string.Join(", ", target.shape)}].");
            }
            if (bytes.Length > 0) bytes.CopyTo(new Span<byte>(TensorMemory.Pointer(target), bytes.Length));
            if (target.is_floating_point() && !AllFinite(target))
            {
                throw new InvalidDataException($"{source} is corrupt: head tensor '{name}' holds NaN or infinite weights.");
            }
        }
    }

    private static bool AllFinite(Tensor tensor)
    {
        using var finite = tensor.isfinite();
        using var all = finite.all();
        return all.item<bool>();
    }

    /// <summary>Rejects NaN and infinite weights: they would load and predict constants.</summary>
    private static void ThrowIfNotFinite(float* data, long count, string source, string what)
    {
        // A float is NaN or infinite exactly when its exponent bits are all ones.
        var exponent = new Vector<int>(0x7F800000);
        int* bits = (int*)data;
        long i = 0;
        var bad = Vector<int>.Zero;
        for (; i <= count - Vector<int>.Count; i += Vector<int>.Count)
        {
            bad |= Vector.Equals(Vector.Load(bits + i) & exponent, exponent);
        }
        bool nonFinite = bad != Vector<int>.Zero;
        for (; i < count; i++) nonFinite |= (bits[i] & 0x7F800000) == 0x7F800000;
        if (nonFinite) throw new InvalidDataException($"{source} is corrupt: {what} hold NaN or infinite weights.");
    }
}
