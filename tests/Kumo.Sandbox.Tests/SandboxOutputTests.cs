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

        Assert.Equal("0123456789\n[kumo] log truncated: this invocation wrote more than 20 bytes\n", output.Take());
        output.Append("fresh");
        Assert.Equal("fresh\n", output.Take());
    }
}
