using Kumo.Sandbox.Runc;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

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
