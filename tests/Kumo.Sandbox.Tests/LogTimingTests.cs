using Kumo.Sandbox.Invocations;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>
/// A cold start's lines are stamped on the clock of <see cref="InvocationResult.HandlerStartedAt"/>: whatever the
/// handler prints is stamped after the hand-over, so it never shows before <c>START</c>. (Init's lines are
/// normally stamped before it, but the host may read one late under load, so that is not asserted.)
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class LogTimingTests(DriverFixture fixture) : IDisposable
{
    private const string App = "print('printed at import')\n\ndef handler(event, context):\n    print('printed by the handler')\n    return 'ok'\n";

    private readonly TempDirectory _code = DriverFixture.Code(("app.py", App, false));

    public void Dispose() => _code.Dispose();

    [Fact]
    public async Task InvokeAsync_ColdStart_StampsTheHandlersLinesAfterTheHandOver()
    {
        var results = await SandboxRun.InvokeAsync(fixture, DriverFixture.Spec(_code, "python3.11", "app.handler"), new { }, new { });

        var cold = results[0];
        Assert.True(cold.Succeeded, SandboxRun.Describe(cold));
        var handedOver = Assert.NotNull(cold.HandlerStartedAt);
        Assert.Single(cold.LogLines, l => l.Text == "printed at import");
        var handler = Assert.Single(cold.LogLines, l => l.Text == "printed by the handler");
        Assert.True(handler.Timestamp >= handedOver, $"{handler.Timestamp:O} should not be before {handedOver:O}");

        var warm = results[1];
        Assert.True(warm.HandlerStartedAt > handedOver);
        Assert.All(warm.LogLines, l => Assert.True(l.Timestamp >= warm.HandlerStartedAt));
    }
}
