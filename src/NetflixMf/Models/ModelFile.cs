using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using NetflixMf.Data;
using NetflixMf.Indexing;
using NetflixMf.Shared;
using NetflixMf.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetflixMf.Models;

/// <summary>The single-file format of a <see cref="FactorizationModel"/>.</summary>
/// <remarks>
/// Layout (little-endian): magic "NETFLXMF", int32 format version, head name, training options text, scale minimum and
/// maximum, global mean, embedding dimension, user and movie <see cref="IdIndex"/>, the four parameter tables as raw
/// float32 bytes (each preceded by its byte length), the head's state dictionary (name, dtype, shape, bytes per entry),
/// then an XxHash64 of everything before it. Loading reads the whole file and checks magic, version and checksum
/// before it creates a single tensor, so a damaged file fails with <see cref="InvalidDataException"/>, never with a
/// native crash or a silently wrong model.
/// </remarks>
internal static class ModelFile
{
    public const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "NETFLXMF"u8;
    private const int MaxStringBytes = 1 << 20;
    private const int MaxFactors = 1 << 16;

    public static void Write(Stream destination, FactorizationModel model)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Model files are written on little-endian machines only.");
        var hashing = new HashingStream(destination);
        hashing.Write(Magic);
        WriteInt32(hashing, FormatVersion);
        WriteString(hashing, model.HeadName);
        WriteString(hashing, model.TrainingOptions);
        WriteSingle(hashing, model.Scale.Minimum);
        WriteSingle(hashing, model.Scale.Maximum);
        var tables = model.Tables;
        WriteSingle(hashing, tables.GlobalMean);
        WriteInt32(hashing, tables.Factors);
        model.Users.WriteTo(hashing);
        model.Movies.WriteTo(hashing);
        foreach (var table in new[] { tables.UserFactors, tables.MovieFactors, tables.UserBiases, tables.MovieBiases })
        {
            var bytes = table.bytes;
            WriteInt64(hashing, bytes.Length);
            hashing.Write(bytes);
        }
        using (NewDisposeScope())
        {
            var state = model.Head.state_dict();
            WriteInt32(hashing, state.Count);
            foreach (var (name, tensor) in state)
            {
                var cpu = tensor.detach().cpu().contiguous();
                WriteString(hashing, name);
                WriteInt32(hashing, (int)cpu.dtype);
                WriteInt32(hashing, cpu.shape.Length);
                foreach (long dimension in cpu.shape) WriteInt64(hashing, dimension);
                var bytes = cpu.bytes;
                WriteInt64(hashing, bytes.Length);
                hashing.Write(bytes);
            }
        }
        Span<byte> hash = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(hash, hashing.Hash.GetCurrentHashAsUInt64());
        destination.Write(hash);
    }

    public static FactorizationModel Read(byte[] data, string source, IHeadFactory? headFactory)
    {
        TorchRuntime.EnsureLoaded();
        if (data.Length < Magic.Length + 4 || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source} is not a NetflixMf model file (missing magic header).");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(Magic.Length));
        if (version > FormatVersion)
        {
            throw new InvalidDataException($"{source} has model format version {version}; this version of NetflixMf reads up to version {FormatVersion}. Upgrade NetflixMf.");
        }
        if (version < 1) throw new InvalidDataException($"{source} has an invalid model format version {version}.");
        if (data.Length < Magic.Length + 4 + 8) throw new InvalidDataException($"{source} is truncated.");
        int payloadLength = data.Length - 8;
        ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(payloadLength));
        if (XxHash64.HashToUInt64(data.AsSpan(0, payloadLength)) != expected)
        {
            throw new InvalidDataException($"{source} is truncated or corrupt (checksum mismatch).");
        }

        var reader = new Reader(data, Magic.Length + 4, payloadLength, source);
        string headName = reader.ReadString();
        string options = reader.ReadString();
        var scale = new RatingScale(reader.ReadSingle(), reader.ReadSingle());
        if (!(scale.Minimum <= scale.Maximum) || !float.IsFinite(scale.Minimum) || !float.IsFinite(scale.Maximum))
        {
            throw new InvalidDataException($"{source} has an invalid rating scale {scale.Minimum}..{scale.Maximum}.");
        }
        float mean = reader.ReadSingle();
        if (!float.IsFinite(mean)) throw new InvalidDataException($"{source} has a non-finite global mean.");
        int factors = reader.ReadInt32();
        if (factors is < 1 or > MaxFactors) throw new InvalidDataException($"{source} has an invalid embedding dimension {factors}.");
        var users = reader.ReadIdIndex();
        var movies = reader.ReadIdIndex();

        var factory = ResolveHead(headName, headFactory, source);
        var created = new List<IDisposable>();
        try
        {
            var userFactors = reader.ReadTable([users.Count, factors], created);
            var movieFactors = reader.ReadTable([movies.Count, factors], created);
            var userBiases = reader.ReadTable([users.Count], created);
            var movieBiases = reader.ReadTable([movies.Count], created);
            var head = factory.Create(new HeadContext(factors));
            created.Add(head);
            reader.ReadHeadState(head);
            if (reader.Remaining != 0) throw new InvalidDataException($"{source} has {reader.Remaining} unexpected bytes after the head state.");
            head.eval();
            var tables = new FactorTables(userFactors, movieFactors, userBiases, movieBiases, mean);
            return new FactorizationModel(tables, head, headName, users, movies, scale, options);
        }
        catch
        {
            foreach (var d in created)
            {
                if (d is FactorizationHead h) FactorizationModel.DisposeHead(h);
                else d.Dispose();
            }
            throw;
        }
    }

    private static IHeadFactory ResolveHead(string headName, IHeadFactory? headFactory, string source)
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
            ?? throw new InvalidOperationException($"{source} was trained with the custom head '{headName}': pass an IHeadFactory named '{headName}' to FactorizationModel.Load.");
    }

    private static void WriteInt32(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteInt64(Stream s, long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteSingle(Stream s, float value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        s.Write(b);
    }

    private static void WriteString(Stream s, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(s, bytes.Length);
        s.Write(bytes);
    }

    /// <summary>Reads the payload with bounds checks that turn any damage into <see cref="InvalidDataException"/>.</summary>
    private sealed class Reader(byte[] data, int position, int end, string source)
    {
        private int _position = position;

        public int Remaining => end - _position;

        private ReadOnlySpan<byte> Take(long count, string what)
        {
            if (count < 0 || count > Remaining) throw new InvalidDataException($"{source} is corrupt: {what} runs past the end of the data.");
            var span = data.AsSpan(_position, (int)count);
            _position += (int)count;
            return span;
        }

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "an integer"));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "an integer"));

        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a number"));

        public string ReadString()
        {
            int length = ReadInt32();
            if (length is < 0 or > MaxStringBytes) throw new InvalidDataException($"{source} is corrupt: string length {length}.");
            return Encoding.UTF8.GetString(Take(length, "a string"));
        }

        public IdIndex ReadIdIndex()
        {
            using var stream = new MemoryStream(data, _position, Remaining, writable: false);
            IdIndex index;
            try
            {
                index = IdIndex.ReadFrom(stream);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{source} is corrupt: an id index runs past the end of the data.", e);
            }
            _position += (int)stream.Position;
            return index;
        }

        public Tensor ReadTable(long[] shape, List<IDisposable> created)
        {
            long expected = shape.Aggregate(4L, (a, b) => a * b);
            long length = ReadInt64();
            if (length != expected) throw new InvalidDataException($"{source} is corrupt: a table of shape [{string.Join(", ", shape)}] has {length} bytes instead of {expected}.");
            var bytes = Take(length, "a parameter table");
            var tensor = empty(shape, ScalarType.Float32);
            created.Add(tensor);
            bytes.CopyTo(tensor.bytes);
            return tensor;
        }

        public void ReadHeadState(FactorizationHead head)
        {
            int count = ReadInt32();
            var state = head.state_dict();
            if (count != state.Count) throw new InvalidDataException($"{source} holds {count} head tensors but head '{head.GetName()}' has {state.Count}.");
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                string name = ReadString();
                var dtype = (ScalarType)ReadInt32();
                int rank = ReadInt32();
                if (rank is < 0 or > 16) throw new InvalidDataException($"{source} is corrupt: head tensor '{name}' has rank {rank}.");
                var shape = new long[rank];
                for (int d = 0; d < rank; d++) shape[d] = ReadInt64();
                long length = ReadInt64();
                var bytes = Take(length, $"head tensor '{name}'");
                if (!state.TryGetValue(name, out var target))
                {
                    throw new InvalidDataException($"{source} holds head tensor '{name}' which head '{head.GetName()}' does not have.");
                }
                if (target.dtype != dtype || !target.shape.SequenceEqual(shape) || !target.is_contiguous() || target.bytes.Length != length)
                {
                    throw new InvalidDataException(
                        $"{source} holds head tensor '{name}' as {dtype} [{string.Join(", ", shape)}] but the head expects {target.dtype} [{string.Join(", ", target.shape)}].");
                }
                bytes.CopyTo(target.bytes);
            }
        }
    }

    /// <summary>Forwards writes to a stream while hashing them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        public XxHash64 Hash { get; } = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.Append(buffer);
            inner.Write(buffer);
        }
    }
}
