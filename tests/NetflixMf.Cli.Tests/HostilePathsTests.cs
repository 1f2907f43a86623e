using System.Diagnostics;

namespace NetflixMf.Cli.Tests;

/// <summary>
/// Issue #12 from the command line: outputs that are not regular files, unwritable or long output names, special
/// input files, foreseeable errors without stack traces, hostile text, SIGTERM.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HostilePathsTests(TinyNetflixData data) : IClassFixture<TinyNetflixData>
{
    private const string StackTraceMarker = "   at ";

    /// <summary>Ratings whose line 3 is bad: if anything reads them, the run fails with that line instead.</summary>
    private static string BadData(TempFolder folder) => folder.Write("ratings.txt", "1:\n10,3,2005-01-01\nbroken line\n");

    [Theory]
    [InlineData("--save")]
    [InlineData("--metrics")]
    [InlineData("--plot")]
    public async Task Train_OutputAtDeviceNode_FailsBeforeReadingAndLeavesTheDevice(string flag)
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string target = flag == "--plot" ? "/dev/null.svg" : "/dev/null";
        if (flag == "--plot")
        {
            // A device node with a plot extension: a FIFO in our folder stands in for it.
            target = MakeFifo(folder.File("curve.svg"));
        }

        var run = await CliRun.RunAsync("train", "--data", BadData(folder), flag, target);

        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain($"{flag}: {target}: is not a regular file").And.NotContain("broken line").And.NotContain(StackTraceMarker);
        run.Output.Should().NotContain("epoch");
        IsRegularFile(target).Should().BeFalse("the device or FIFO must still be there");
    }

    [Fact]
    public async Task Train_OutputInUnwritableFolder_FailsBeforeReading()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var folder = new TempFolder();
        var run = await CliRun.RunAsync("train", "--data", BadData(folder), "--metrics", "/proc/netflixmf-metrics.json");
        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain("--metrics: /proc/netflixmf-metrics.json").And.NotContain("broken line").And.NotContain(StackTraceMarker);
    }

    [Fact]
    public async Task Train_LegalLongSaveName_SavesTheModel()
    {
        using var folder = new TempFolder();
        string model = folder.File(new string('m', 220) + ".nmf");
        var run = await CliRun.RunAsync("train", "--data", data.Path, "--epochs", "1", "--factors", "4", "--save", model);
        run.ExitCode.Should().Be(0, run.Error);
        folder.FileNames().Should().Equal(Path.GetFileName(model));
    }

    [Fact]
    public async Task Train_SplitProbeWithoutProbeFile_FailsBeforeReading()
    {
        using var folder = new TempFolder();
        var run = await CliRun.RunAsync("train", "--data", BadData(folder), "--split", "probe");
        run.ExitCode.Should().Be(2, run.Error);
        run.Error.Should().Contain("--split probe needs a probe.txt").And.NotContain("broken line");
    }

    [Fact]
    public async Task Train_FifoAsData_FailsInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string fifo = MakeFifo(folder.File("ratings.txt"));
        var run = await WithinHangGuard(fifo, CliRun.RunAsync("stats", "--data", fifo));
        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain($"{fifo}: is not a regular file").And.NotContain(StackTraceMarker);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    public async Task Predict_SpecialFileAsModel_FailsFastWithAMessage(string kind)
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string model = kind == "fifo" ? MakeFifo(folder.File("model.nmf")) : kind;
        var run = await WithinHangGuard(model, CliRun.RunAsync("predict", "--model", model, "--user", "1", "--movie", "1"));
        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain($"{model}: is not a regular file").And.NotContain(StackTraceMarker);
    }

    [Theory]
    [InlineData("empty.txt", "")]
    [InlineData("ratings.csv", "userId,movieId,rating,timestamp\n")]
    public async Task Train_EmptyOrHeaderOnlyData_FailsWithAMessage(string name, string content)
    {
        using var folder = new TempFolder();
        string file = folder.Write(name, content);
        var run = await CliRun.RunAsync("train", "--data", file, "--epochs", "1");
        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain("holds no ratings").And.NotContain(StackTraceMarker);
    }

    [Fact]
    public async Task Train_SplitLeavingNoTrainingRatings_FailsWithAMessage()
    {
        using var folder = new TempFolder();
        string file = folder.Write("ratings.txt", "1:\n10,3,2005-01-01\n");
        var run = await CliRun.RunAsync("train", "--data", file, "--split", "random:0.99", "--epochs", "1");
        run.ExitCode.Should().Be(1, run.Error);
        run.Error.Should().Contain("leaves no training ratings").And.NotContain(StackTraceMarker);
    }

    [Fact]
    public async Task Recommend_TopIntMaxValue_ListsTheWholeCatalogue()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.nmf");
        (await CliRun.RunAsync("train", "--data", data.Path, "--epochs", "1", "--factors", "4", "--save", model)).ExitCode.Should().Be(0);

        var run = await CliRun.RunAsync("recommend", "--model", model, "--user", "1", "--top", "2147483647", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().NotContain(StackTraceMarker);
        run.Output.Should().Contain("\"rank\": 2");
    }

    [Fact]
    public async Task Stats_BadLineWithTerminalEscapes_PrintsThemEscaped()
    {
        using var folder = new TempFolder();
        string file = folder.Write("ratings.txt", "1:\n10,3,2005-01-01\n\u001b]0;pwned\u0007\u001b[2J,3,2005-01-01\n");
        var run = await CliRun.RunAsync("stats", "--data", file);
        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"{file}:3:").And.NotContain("\u001b").And.NotContain("\u0007").And.Contain("\\x1B");
    }

    [Fact]
    public async Task Recommend_TitlesFileWithTenMegabyteBadLine_QuotesItCut()
    {
        using var folder = new TempFolder();
        string model = folder.File("m.nmf");
        (await CliRun.RunAsync("train", "--data", data.Path, "--epochs", "1", "--factors", "4", "--save", model)).ExitCode.Should().Be(0);
        string titles = folder.Write("movie_titles.txt", "1,2001,Fine\n2,year," + new string('x', 10 << 20) + "\n");

        var run = await CliRun.RunAsync("recommend", "--model", model, "--user", "1", "--titles", titles);

        run.ExitCode.Should().Be(1);
        run.Error.Length.Should().BeLessThan(ErrorMessages.MaxMessageLength + 100);
        run.Error.Should().Contain($"{titles}:2:");
    }

    [Fact]
    public async Task Train_FactorsOutOfRange_NamesTheFlagFromTheExceptionsProperties()
    {
        var run = await CliRun.RunAsync("train", "--data", data.Path, "--factors", "5000");
        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--embedding-dimension: must be in 1..4096 (was 5000).");
    }

    [Fact]
    public void ErrorMessages_MemoryRefusalAndOutOfMemory_AreMessagesWithoutStackTraces()
    {
        Exception refusal = Thrown(new InsufficientMemoryException("Training 480,189 users and 17,770 movies with EmbeddingDimension 4096 needs about 31.00 GB"));
        ErrorMessages.TryDescribe(refusal, out string? message, out int code).Should().BeTrue();
        (message, code).Should().Be(("Training 480,189 users and 17,770 movies with EmbeddingDimension 4096 needs about 31.00 GB", ExitCodes.DataError));

        ErrorMessages.TryDescribe(Thrown(new OutOfMemoryException()), out message, out code).Should().BeTrue();
        code.Should().Be(ExitCodes.DataError);
        message.Should().StartWith("out of memory").And.NotContain(StackTraceMarker);
    }

    [Fact]
    public void ErrorMessages_IoErrorInsideParallelWork_IsItsMessage()
    {
        var e = new AggregateException(new AggregateException(new IOException("/out/combined_data_1.txt: No space left on device")));
        ErrorMessages.TryDescribe(e, out string? message, out int code).Should().BeTrue();
        (message, code).Should().Be(("/out/combined_data_1.txt: No space left on device", ExitCodes.DataError));
    }

    [Fact]
    public void ErrorMessages_RatingFormatException_IsBuiltFromItsPropertiesCutAndEscaped()
    {
        var e = new NetflixMf.Data.RatingFormatException("/data/r.txt", 7, "bad rating", "\u001b[31m" + new string('x', 5000));
        ErrorMessages.TryDescribe(e, out string? message, out int code).Should().BeTrue();
        code.Should().Be(ExitCodes.DataError);
        message.Should().StartWith("/data/r.txt:7: bad rating (\\x1B[31mxxx").And.EndWith("...)").And.NotContain("\u001b");
        message!.Length.Should().BeLessThan(300);
    }

    [Fact]
    public async Task Train_Sigterm_StopsCleanlyAndLeavesNoTemporaryFile()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string cli = Path.Combine(AppContext.BaseDirectory, "NetflixMf.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "train", "--data", data.Path, "--epochs", "10000", "--factors", "4", "--save", folder.File("model.nmf"), "--metrics", folder.File("metrics.json") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.Contains("epoch 2/"))
        {
        }
        line.Should().NotBeNull("training must start");
        folder.FileNames().Should().HaveCount(2, "both outputs are staged before training");

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        _ = process.StandardOutput.ReadToEndAsync();
        (await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)))).Should().NotBeNull();
        if (!process.HasExited) process.Kill(entireProcessTree: true);

        process.ExitCode.Should().Be(ExitCodes.Terminated, await stderr);
        (await stderr).Should().Contain("canceled").And.NotContain(StackTraceMarker);
        folder.FileNames().Should().BeEmpty("the staged temporary files are deleted and nothing was committed");
    }

    [Fact]
    public async Task DemoOut_SigtermWhileGenerating_LeavesNoTemporaryFile()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        string output = Path.Combine(folder.Path, "demo");
        using var process = StartCli("demo", "--out", output, "--epochs", "10000");
        var stderr = process.StandardError.ReadToEndAsync();
        string? line = await process.StandardOutput.ReadLineAsync();
        line.Should().StartWith("generating");
        // Signal once the generator has created its (temporary) files, so the signal lands while they exist.
        for (int wait = 0; wait < 6000 && !process.HasExited && !(Directory.Exists(output) && Directory.GetFiles(output).Length > 0); wait++)
        {
            await Task.Delay(10);
        }

        await TerminateAsync(process);

        process.ExitCode.Should().Be(ExitCodes.Terminated, await stderr);
        Directory.GetFiles(output).Select(Path.GetFileName).Should().NotContain(name => name!.Contains(".tmp"), "a stopped generator deletes its temporary files");
    }

    private static Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NetflixMf.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private static async Task TerminateAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        _ = process.StandardOutput.ReadToEndAsync();
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static bool IsRegularFile(string path) => File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Directory) == 0 && new FileInfo(path).Length > 0;

    private static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0);
        return path;
    }

    private static async Task<CliRun> WithinHangGuard(string fifo, Task<CliRun> run)
    {
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) != run)
        {
            if (fifo != "/dev/zero")
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            }
            throw new Xunit.Sdk.XunitException($"The command blocked on {fifo}.");
        }
        return await run;
    }
}
