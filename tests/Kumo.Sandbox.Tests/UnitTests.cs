using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

public sealed class SandboxUserPoolTests
{
    [Fact]
    public void Rent_GivesEachLiveSandboxItsOwnIdAboveHostAccounts()
    {
        var pool = new Kumo.Sandbox.Oci.SandboxUserPool();

        var first = pool.Rent();
        var second = pool.Rent();
        pool.Return(first);
        var third = pool.Rent();

        Assert.Equal(2_000_000_000, first);
        Assert.Equal(2_000_000_001, second);
        Assert.Equal(2_000_000_002, third);
    }
}

public sealed class RuntimeCatalogTests
{
    [Fact]
    public void Find_NewerPythonThanTheMachineHas_RunsOnTheOneItHas()
    {
        var catalog = new RuntimeCatalog(path => path is "/usr/bin/python3.11" or "/usr/bin/node");

        var python = catalog.Find("python3.12", out _);

        Assert.Equal("/usr/bin/python3.11", python!.Command[0]);
        Assert.Equal("AWS_Lambda_python3.12", python.ExecutionEnvironment);
    }

    [Fact]
    public void Find_Unknown_ListsWhatExists()
    {
        var catalog = new RuntimeCatalog(path => path == "/usr/bin/node");

        Assert.Null(catalog.Find("ruby3.3", out var problem));
        Assert.Equal("runtime 'ruby3.3' is not supported on this machine; use one of nodejs20.x, nodejs22.x, provided, provided.al2, provided.al2023", problem);
    }

    [Fact]
    public void Find_Provided_RunsTheBootstrapInTheCode() =>
        Assert.Equal(["/var/task/bootstrap"], new RuntimeCatalog(_ => false).Find("provided.al2023", out _)!.Command);
}

public sealed class SandboxOutputTests
{
    [Fact]
    public void Append_PastTheCap_AddsOneMarkerAndDropsTheRest()
    {
        var output = new SandboxOutput(maxBytes: 20);

        output.Append("0123456789");
        output.Append("0123456789");
        output.Append("more");

        Assert.Equal("0123456789\n[kumo] log truncated: this invocation wrote more than 20 bytes\n", output.Take());
        output.Append("fresh");
        Assert.Equal("fresh\n", output.Take());
    }
}

public sealed class OutputPipeTests
{
    [Fact]
    public async Task WaitForMarkerAsync_ReturnsOnceTheMarkerIsRead_WithEverythingBeforeItPassedOn_AndTheMarkerHidden()
    {
        var lines = new List<string>();
        using var pipe = new OutputPipe("n0nce", line => { lock (lines) { lines.Add(line); } });
        using var writer = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(pipe.WriteFd, ownsHandle: false), FileAccess.Write, 1);
        var waiting = pipe.WaitForMarkerAsync("request-1", CancellationToken.None);

        writer.Write("first\nsecond\npartial\u001fkumo-drain:n0nce:request-1\nafter\n"u8);
        writer.Flush();
        await waiting.WaitAsync(Poll.DefaultDeadline);

        lock (lines)
        {
            Assert.Equal(["first", "second", "partial"], lines.Take(3));
            Assert.DoesNotContain(lines, l => l.Contains("kumo-drain", StringComparison.Ordinal));
        }

        // A marker read before anyone waited for it still counts.
        await pipe.WaitForMarkerAsync("request-1", CancellationToken.None).WaitAsync(Poll.DefaultDeadline);
    }

    [Fact]
    public async Task WaitForMarkerAsync_AMarkerWithAnotherNonce_IsAnOrdinaryLine()
    {
        var lines = new List<string>();
        using var pipe = new OutputPipe("real", line => { lock (lines) { lines.Add(line); } });
        using var writer = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(pipe.WriteFd, ownsHandle: false), FileAccess.Write, 1);
        var waiting = pipe.WaitForMarkerAsync("r", CancellationToken.None);

        writer.Write("\u001fkumo-drain:forged:r\n"u8);
        writer.Flush();
        pipe.CloseWriteEnd();
        writer.Dispose();
        await pipe.Completion.WaitAsync(Poll.DefaultDeadline);

        lock (lines)
        {
            Assert.Equal(["\u001fkumo-drain:forged:r"], lines);
        }
    }

    [Fact]
    public async Task Completion_AfterTheWriteEndCloses_EndsAndPassesOnTheLastLine()
    {
        var lines = new List<string>();
        using var pipe = new OutputPipe("nonce", lines.Add);
        using (var writer = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(pipe.WriteFd, ownsHandle: false), FileAccess.Write, 1))
        {
            writer.Write("no newline at the end"u8);
        }

        pipe.CloseWriteEnd();
        await pipe.Completion.WaitAsync(Poll.DefaultDeadline);

        Assert.Equal(["no newline at the end"], lines);
    }
}

public sealed class SandboxSpecTests
{
    [Theory]
    [InlineData(127, 3, 512, "memory must be from 128 to 10240 MB, not 127")]
    [InlineData(10241, 3, 512, "memory must be from 128 to 10240 MB, not 10241")]
    [InlineData(128, 0, 512, "timeout must be from 1 to 900 seconds, not 0")]
    [InlineData(128, 901, 512, "timeout must be from 1 to 900 seconds, not 901")]
    [InlineData(128, 3, 511, "ephemeral storage must be from 512 to 10240 MB, not 511")]
    public void Problems_OutsideLambdasLimits_AreNamed(int memoryMb, int timeoutSeconds, int tmpMb, string expected)
    {
        var spec = new SandboxSpec
        {
            FunctionName = "f",
            FunctionArn = "arn",
            Runtime = "provided",
            Handler = "h",
            CodeDirectory = "/tmp",
            MemoryMb = memoryMb,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            EphemeralStorageMb = tmpMb,
        };

        Assert.Equal([expected], spec.Problems());
    }
}

public sealed class OutputPipeLineTests
{
    [Fact]
    public async Task ALineLongerThanTheCap_IsPassedOnInPieces()
    {
        var lines = new List<string>();
        using var pipe = new OutputPipe("nonce", line => { lock (lines) { lines.Add(line); } });
        using (var writer = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(pipe.WriteFd, ownsHandle: false), FileAccess.Write, 1))
        {
            writer.Write(new byte[(OutputPipe.MaxLineChars * 3) + 10].Select(_ => (byte)'a').ToArray());
        }

        pipe.CloseWriteEnd();
        await pipe.Completion.WaitAsync(Poll.DefaultDeadline);

        Assert.True(lines.Count >= 3);
        Assert.All(lines, line => Assert.True(line.Length <= OutputPipe.MaxLineChars));
        Assert.Equal((OutputPipe.MaxLineChars * 3) + 10, lines.Sum(l => l.Length));
    }
}
