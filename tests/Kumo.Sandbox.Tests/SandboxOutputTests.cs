using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.Tests;

public sealed class SandboxOutputTests
{
    [Fact]
    public void Append_PastTheCap_AddsOneMarkerAndDropsTheRest()
    {
        var output = new SandboxOutput(maxBytes: 20);

        output.Append("0123456789");
        output.Append("0123456789");
        output.Append("more");

        Assert.Equal(["0123456789", "[kumo] log truncated: this invocation wrote more than 20 bytes"], output.Take().Select(l => l.Text));
        output.Append("fresh");
        Assert.Equal(["fresh"], output.Take().Select(l => l.Text));
    }

    [Fact]
    public void Take_Lines_KeepTheirArrivalOrderAndTimes()
    {
        var output = new SandboxOutput(maxBytes: 1000);
        var before = DateTimeOffset.UtcNow;

        output.Append("one");
        output.Append("two");
        var lines = output.Take();

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp, before, DateTimeOffset.UtcNow));
        Assert.True(lines[0].Timestamp <= lines[1].Timestamp);
    }
}
