using System.Net;
using System.Text;
using Kumo.Runtimes;
using Kumo.Sandbox;
using Kumo.Sandbox.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests;

/// <summary>A server that stops with sandboxes alive — one idle, one mid-invocation — leaves none of them behind.</summary>
[Collection(ServerCollection.Name)]
public sealed class SandboxShutdownTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _code = new();

    public SandboxShutdownTests() => File.WriteAllText(_code.Combine("app.py"), "import time\n\ndef quick(event, context):\n    return 'ok'\n\ndef slow(event, context):\n    time.sleep(600)\n");

    public void Dispose()
    {
        _code.Dispose();
        _data.Dispose();
    }

    private SandboxSpec Spec(string handler) => new()
    {
        FunctionName = "shutdown-test",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:shutdown-test",
        Runtime = "python3.11",
        Handler = handler,
        CodeDirectory = _code.Path,
        Timeout = TimeSpan.FromSeconds(600),
    };

    [Fact]
    public async Task DisposeAsync_WithLiveSandboxes_RemovesEveryContainerBundleAndProcess()
    {
        var server = await TestServers.StartAsync(_data, drainSeconds: 1);
        using var http = TestServers.ClientFor(server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        var driver = server.Services.GetRequiredService<ISandboxDriver>();

        var idle = await driver.CreateAsync(Spec("app.quick"), CancellationToken.None);
        Assert.True((await idle.InvokeAsync(new InvocationRequest("warm", Encoding.UTF8.GetBytes("{}")), CancellationToken.None)).Succeeded);
        var busy = await driver.CreateAsync(Spec("app.slow"), CancellationToken.None);
        var running = busy.InvokeAsync(new InvocationRequest("busy", Encoding.UTF8.GetBytes("{}")), CancellationToken.None);

        await server.DisposeAsync();

        var layout = new SandboxLayout(_data.Path, RuntimeFiles.DefaultDirectory);
        Assert.Equal("", await SandboxLeaks.RuncListAsync(layout.RuncState));
        Assert.Empty(Directory.EnumerateDirectories(layout.Bundles));
        Assert.False(File.Exists(layout.RuntimeSocket));
        Assert.Empty(SandboxLeaks.ProcessesInCgroup(layout.CgroupParent));
        var outcome = await Record.ExceptionAsync(() => running.WaitAsync(Poll.DefaultDeadline));
        Assert.True(outcome is null || outcome is SandboxException or InvalidOperationException, outcome?.ToString());
    }
}
