using Kumo.Runtimes;
using Kumo.Sandbox.Invocations;
using Kumo.Sandbox.Runc;
using Kumo.Sandbox.Runtimes;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Sandbox.Tests;

/// <summary>A runtime that takes longer than the init timeout to load its handler is killed, and says why.</summary>
public sealed class InitTimeoutTests
{
    [Fact]
    public async Task SlowInit_PastTheInitTimeout_IsKilledAndReported()
    {
        using var data = new TempDirectory();
        using var code = DriverFixture.Code(("slow.py", "import time\ntime.sleep(60)\n\ndef handler(event, context):\n    return 'never'\n", false));
        var layout = new SandboxLayout(data.Path, RuntimeFiles.DefaultDirectory);
        var driver = new RuncSandboxDriver(new SandboxOptions { InitTimeout = TimeSpan.FromSeconds(1) }, layout, RuntimeCatalog.ForThisMachine(), NullLogger<RuncSandboxDriver>.Instance);
        await driver.InitializeAsync(CancellationToken.None);
        try
        {
            var sandbox = await driver.CreateAsync(DriverFixture.Spec(code, "python3.11", "slow.handler"), CancellationToken.None);
            var result = await sandbox.InvokeAsync(SandboxRun.Event(new { }), CancellationToken.None);

            Assert.Equal(InvocationStatus.TimedOut, result.Status);
            Assert.Contains("Init timed out after 1.00 seconds", SandboxRun.Json(result).GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
            Assert.False(sandbox.IsReusable);
            await sandbox.DisposeAsync();
        }
        finally
        {
            await driver.DisposeAsync();
        }

        Assert.Empty(await driver.Runc.ListAsync(CancellationToken.None));
        Assert.All(driver.Cgroups.AllDirectories(layout.CgroupParent), directory => Assert.False(Directory.Exists(directory)));
    }
}
