using NetflixMf.Shared;
using NetflixMf.Tests.Data;

namespace NetflixMf.Tests.Shared;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_DeviceNodeTarget_RefusesAndLeavesTheDevice()
    {
        if (OperatingSystem.IsWindows()) return;
        var act = () => AtomicFileWriter.Write("/dev/null", s => s.WriteByte(1));

        act.Should().Throw<IOException>().WithMessage("/dev/null: is not a regular file*");
        FileKind.Of("/dev/null").Should().Be(FileKindValue.Other, "the device node must still be a device");
        Directory.GetFiles("/dev", ".nmf-*").Should().BeEmpty();
    }

    [Fact]
    public void Write_FifoTarget_RefusesAndLeavesTheFifo()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = SpecialFiles.MakeFifo(Path.Combine(_folder.Path, "pipe"));

        var act = () => AtomicFileWriter.Write(fifo, s => s.WriteByte(1));

        act.Should().Throw<IOException>().WithMessage($"{fifo}: is not a regular file*");
        FileKind.Of(fifo).Should().Be(FileKindValue.Other);
        Directory.GetFiles(_folder.Path).Should().Equal(fifo);
    }

    [Fact]
    public void Write_FolderTarget_RefusesAndLeavesTheFolder()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_folder.Path, "out")).FullName;
        var act = () => AtomicFileWriter.Write(folder, s => s.WriteByte(1));
        act.Should().Throw<IOException>().WithMessage($"{folder}: is a folder*");
        Directory.Exists(folder).Should().BeTrue();
    }

    [Fact]
    public void Write_LegalLongName_WorksBecauseTheTemporaryNameIsShort()
    {
        string path = Path.Combine(_folder.Path, new string('m', 224) + ".nmf");
        AtomicFileWriter.Write(path, s => s.Write("model"u8));
        File.ReadAllText(path).Should().Be("model");
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }

    [Fact]
    public void Create_NameLongerThanTheFileSystemAllows_FailsAtOnceNamingTheLimit()
    {
        string path = Path.Combine(_folder.Path, new string('m', 300));
        var act = () => AtomicFileWriter.Create(path);
        act.Should().Throw<PathTooLongException>().WithMessage("*300 bytes long*255*");
    }

    [Fact]
    public void Create_UnwritableFolder_FailsAtCreateBeforeAnyContent()
    {
        if (!OperatingSystem.IsLinux()) return;
        // /proc refuses new files even to root, unlike a chmod'ed folder.
        var act = () => AtomicFileWriter.Create("/proc/netflixmf-test.json");
        act.Should().Throw<Exception>().Where(e => e is IOException || e is UnauthorizedAccessException)
            .Which.Message.Should().Contain("/proc");
    }

    [Fact]
    public void Write_FailingWriter_KeepsTheTargetAndDeletesTheTemporaryFile()
    {
        string path = _folder.Write("model.nmf", "previous");
        var act = () => AtomicFileWriter.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            throw new IOException("disk full");
        });
        act.Should().Throw<IOException>().WithMessage("disk full");
        File.ReadAllText(path).Should().Be("previous");
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }

    [Fact]
    public void DeleteOpenTemporaries_AsOnProcessExit_RemovesUncommittedFiles()
    {
        using var writer = AtomicFileWriter.Create(Path.Combine(_folder.Path, "out.bin"));
        writer.Stream.Write(new byte[4096]);
        writer.Stream.Flush();
        File.Exists(writer.TemporaryPath).Should().BeTrue();
        Path.GetFileName(writer.TemporaryPath).Length.Should().BeLessThan(32);

        AtomicFileWriter.DeleteOpenTemporaries();

        File.Exists(writer.TemporaryPath).Should().BeFalse();
    }
}
