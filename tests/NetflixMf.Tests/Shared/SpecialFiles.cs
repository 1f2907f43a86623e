using System.Diagnostics;

namespace NetflixMf.Tests.Shared;

/// <summary>Non-regular files for hostile-path tests: FIFOs (named pipes) made with mkfifo.</summary>
internal static class SpecialFiles
{
    /// <summary>Creates a FIFO at <paramref name="path"/>.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0, "mkfifo must be able to create the FIFO");
        return path;
    }

    /// <summary>Runs <paramref name="work"/> with a guard: a call that blocks on a FIFO fails the test instead of hanging the run.</summary>
    public static T WithinHangGuard<T>(string fifo, Func<T> work)
    {
        var task = Task.Run(work);
        if (!task.Wait(TimeSpan.FromSeconds(60)))
        {
            // Unblock the reader stuck in open(2) so the test run can go on.
            using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            throw new Xunit.Sdk.XunitException($"The call blocked on the FIFO {fifo}.");
        }
        return task.Result;
    }
}

/// <summary>A read-only view of a stream that cannot seek, as a network or pipe stream.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
