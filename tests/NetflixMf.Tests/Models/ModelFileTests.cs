using NetflixMf.Models;

namespace NetflixMf.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelFileTests(TrainedModels models) : IClassFixture<TrainedModels>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netflixmf-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private byte[] Saved(string head)
    {
        using var stream = new MemoryStream();
        models.Get(head).Model.Save(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("mlp")]
    public void Load_TruncatedAtTenPositions_ThrowsInvalidData(string head)
    {
        byte[] full = Saved(head);
        // The header, the middle of every section and the very last byte: 0, 5, 12, then 7 cuts spread to the end.
        long[] cuts = [0, 5, 12, .. Enumerable.Range(1, 6).Select(i => (long)full.Length * i / 7), full.Length - 1];
        cuts.Should().HaveCount(10);
        foreach (long cut in cuts)
        {
            var act = () => FactorizationModel.Load(new MemoryStream(full[..(int)cut]));
            act.Should().Throw<InvalidDataException>($"the file was cut at byte {cut} of {full.Length}");
        }
    }

    [Fact]
    public void Load_AnyFlippedByte_ThrowsInvalidData()
    {
        byte[] full = Saved("mlp");
        var random = new Random(11);
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] corrupt = (byte[])full.Clone();
            int at = trial < 8 ? trial + 8 : random.Next(corrupt.Length);
            corrupt[at] ^= (byte)(1 + random.Next(255));
            var act = () => FactorizationModel.Load(new MemoryStream(corrupt));
            act.Should().Throw<InvalidDataException>($"byte {at} of {corrupt.Length} was changed");
        }
    }

    [Fact]
    public void Load_ForeignFile_ThrowsNotAModel()
    {
        string path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "user,movie,rating\n1,2,3\n");
        var act = () => FactorizationModel.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*not a NetflixMf model*");
    }

    [Fact]
    public void Load_NewerFormatVersion_ThrowsNamingVersion()
    {
        byte[] data = Saved("dot");
        data[8] = 99;
        var act = () => FactorizationModel.Load(new MemoryStream(data));
        act.Should().Throw<InvalidDataException>().WithMessage("*version 99*");
    }

    [Fact]
    public void Load_CustomHeadWithoutFactory_ThrowsNamingHead()
    {
        byte[] data = Saved("gated");
        var act = () => FactorizationModel.Load(new MemoryStream(data));
        act.Should().Throw<InvalidOperationException>().WithMessage("*'gated'*HeadFactory*");
        var wrong = () => FactorizationModel.Load(new MemoryStream(data), HeadFactory.DotProduct);
        wrong.Should().Throw<InvalidOperationException>().WithMessage("*'gated'*'dot'*");
    }

    [Fact]
    public void Load_FactoryWhoseHeadHasOtherParameters_ThrowsInvalidData()
    {
        byte[] data = Saved("gated");
        var impostor = HeadFactory.Create("gated", _ => new MlpHead(8, new MlpHeadOptions()));
        var act = () => FactorizationModel.Load(new MemoryStream(data), impostor);
        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.nfmf");
        File.WriteAllText(path, "old");
        models.Get("dot").Model.Save(path);
        Directory.GetFiles(_directory).Should().Equal(path);
        using var loaded = FactorizationModel.Load(path);
        loaded.HeadName.Should().Be("dot");
    }

    [Fact]
    public void Save_FailingHalfway_KeepsPreviousFileAndNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.nfmf");
        models.Get("dot").Model.Save(path);
        byte[] previous = File.ReadAllBytes(path);

        // A buffer on the meta device has no data to copy, so saving fails after the tables have been written.
        var factory = HeadFactory.Create("meta", _ => new MetaBufferHead());
        using var broken = new NetflixMf.Training.FactorizationTrainer(TestHeads.Options("dot") with { Epochs = 1, Head = factory }).Train(models.Data.Train).Model;
        var act = () => broken.Save(path);
        act.Should().Throw<Exception>();

        File.ReadAllBytes(path).Should().Equal(previous);
        Directory.GetFiles(_directory).Should().Equal(path);
    }

    [Fact]
    public void Save_DirectoryMissing_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_directory, "missing", "model.nfmf");
        var act = () => models.Get("dot").Model.Save(path);
        act.Should().Throw<IOException>();
        Directory.GetFileSystemEntries(_directory).Should().BeEmpty();
    }

    [Fact]
    public void HeadFactory_MlpName_RoundTripsThroughBuiltInResolution()
    {
        var factory = HeadFactory.Mlp(new MlpHeadOptions { HiddenLayers = [7, 5, 3], Dropout = 0.25f });
        factory.Name.Should().Be("mlp(7,5,3;dropout=0.25)");
        HeadFactory.FromBuiltInName(factory.Name)!.Name.Should().Be(factory.Name);
        HeadFactory.FromBuiltInName("mlp(7,x;dropout=0.25)").Should().BeNull();
        HeadFactory.FromBuiltInName("gated").Should().BeNull();
    }

    private sealed class MetaBufferHead : FactorizationHead
    {
        public MetaBufferHead() : base(nameof(MetaBufferHead))
        {
            register_buffer("unsaveable", TorchSharp.torch.empty(3, device: TorchSharp.torch.device("meta")));
            RegisterComponents();
        }

        public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor userEmbeddings, TorchSharp.torch.Tensor movieEmbeddings) =>
            userEmbeddings.mul(movieEmbeddings).sum(1);
    }
}
