using NetflixMf.Data;
using NetflixMf.Indexing;

namespace NetflixMf.Tests.Data;

public sealed class RatingSetCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RatingSet Sample(bool withDates)
    {
        var random = new Random(7);
        int n = 1000;
        var users = IdIndex.FromIds(Enumerable.Range(0, 50).Select(i => i * 13 + 1));
        var movies = IdIndex.FromIds(Enumerable.Range(0, 20).Select(i => i * 101 + 5));
        return new RatingSet(
            users,
            movies,
            Enumerable.Range(0, n).Select(_ => random.Next(users.Count)).ToArray(),
            Enumerable.Range(0, n).Select(_ => random.Next(movies.Count)).ToArray(),
            Enumerable.Range(0, n).Select(_ => random.Next(1, 11) / 2f).ToArray(),
            withDates ? Enumerable.Range(0, n).Select(_ => (ushort)random.Next(10000, 14000)).ToArray() : null,
            RatingScale.MovieLensHalfStars);
    }

    private static void ShouldBeSame(RatingSet actual, RatingSet expected)
    {
        actual.Count.Should().Be(expected.Count);
        actual.Scale.Should().Be(expected.Scale);
        actual.HasDates.Should().Be(expected.HasDates);
        actual.Users.Ids.ToArray().Should().Equal(expected.Users.Ids.ToArray());
        actual.Movies.Ids.ToArray().Should().Equal(expected.Movies.Ids.ToArray());
        actual.UserIndices.ToArray().Should().Equal(expected.UserIndices.ToArray());
        actual.MovieIndices.ToArray().Should().Equal(expected.MovieIndices.ToArray());
        actual.Ratings.ToArray().Should().Equal(expected.Ratings.ToArray());
        actual.DayNumbers.ToArray().Should().Equal(expected.DayNumbers.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RatingSetCache_SaveThenLoad_RoundTripsEveryColumnAndIndex(bool withDates)
    {
        var set = Sample(withDates);
        string path = Path.Combine(_folder.Path, "set.nfmf");

        RatingSetCache.Save(set, path);
        var loaded = RatingSetCache.Load(path);

        ShouldBeSame(loaded, set);
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }

    [Fact]
    public void RatingSetCache_LoadedFromText_RoundTripsThroughAStream()
    {
        string file = _folder.Write("r.txt", "1:\n30,3,2005-09-06\n10,5,2004-01-31\n2:\n20,1,1999-12-31\n");
        var set = RatingDataLoader.Load(file).Ratings;
        using var stream = new MemoryStream();

        RatingSetCache.Save(set, stream);
        stream.Position = 0;
        var loaded = RatingSetCache.Load(stream);

        ShouldBeSame(loaded, set);
        loaded[0].Should().Be(new Rating(30, 1, 3, new DateOnly(2005, 9, 6)));
    }

    [Fact]
    public void RatingSetCache_SaveOverExistingFile_ReplacesIt()
    {
        string path = Path.Combine(_folder.Path, "set.nfmf");
        RatingSetCache.Save(Sample(true), path);
        var smaller = RatingSet.FromRatings([(1, 2, 3f)], RatingScale.Netflix);

        RatingSetCache.Save(smaller, path);

        RatingSetCache.Load(path).Count.Should().Be(1);
    }

    [Fact]
    public void RatingSetCache_FailedSave_LeavesNoTemporaryFile()
    {
        string target = Path.Combine(_folder.Path, "is-a-folder");
        Directory.CreateDirectory(target);

        var act = () => RatingSetCache.Save(Sample(true), target);

        act.Should().Throw<IOException>();
        Directory.GetFiles(_folder.Path).Should().BeEmpty();
        Directory.GetDirectories(_folder.Path).Should().Equal(target);
    }

    [Fact]
    public void RatingSetCache_ForeignFile_ThrowsNamingTheFile()
    {
        string path = _folder.Write("foreign.bin", "1:\n10,3,2005-01-01\n");

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is not a NetflixMf rating cache*");
    }

    [Fact]
    public void RatingSetCache_OtherVersion_ThrowsNamingTheVersion()
    {
        string path = Path.Combine(_folder.Path, "set.nfmf");
        RatingSetCache.Save(Sample(true), path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 9;
        File.WriteAllBytes(path, bytes);

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is a NetflixMf rating cache of format version 9; this NetflixMf reads version 2*");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(1000)]
    [InlineData(-1)]
    public void RatingSetCache_Truncated_Throws(int keep)
    {
        string path = Path.Combine(_folder.Path, "set.nfmf");
        RatingSetCache.Save(Sample(true), path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep < 0 ? bytes.Length - 1 : keep)]);

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is truncated*");
    }

    [Fact]
    public void RatingSetCache_TruncatedNonSeekableStream_Throws()
    {
        using var full = new MemoryStream();
        RatingSetCache.Save(Sample(true), full);
        using var cut = new NonSeekableStream(full.ToArray()[..500]);

        var act = () => RatingSetCache.Load(cut, "cut");

        act.Should().Throw<InvalidDataException>().WithMessage("'cut' is truncated*");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(500)]
    [InlineData(-3)]
    public void RatingSetCache_FlippedByte_ThrowsCorrupt(int position)
    {
        string path = Path.Combine(_folder.Path, "set.nfmf");
        RatingSetCache.Save(Sample(true), path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[position < 0 ? bytes.Length + position : position] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is corrupt*");
    }

    [Fact]
    public void RatingSetCache_TrailingBytes_ThrowsCorrupt()
    {
        string path = Path.Combine(_folder.Path, "set.nfmf");
        RatingSetCache.Save(Sample(false), path);
        File.AppendAllText(path, "x");

        var act = () => RatingSetCache.Load(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is corrupt: 1 unexpected bytes*");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
