using System.Net;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>A stop waits for running invocations — also those whose caller left — and they are recorded.</summary>
[Collection(ServerCollection.Name)]
public sealed class FunctionDrainTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Stop_WithAnAbandonedInvocationRunning_LetsItEndAndRecordsIt()
    {
        string requestId;
        var server = await TestServers.StartAsync(_data, drainSeconds: 60);
        await using (server)
        {
            using var http = TestServers.ClientFor(server);
            await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
            var catalog = server.Services.GetRequiredService<IFunctionCatalog>();
            await catalog.CreateAsync(Tenants.Default, new FunctionDefinition
            {
                Name = "slow",
                Runtime = "python3.11",
                Handler = "app.handler",
                ZipFile = Zips.Make(("app.py", "import time\ndef handler(event, context):\n    time.sleep(2)\n    print('ended')\n    return 'ok'\n", Zips.File(0b110_100_100))).ToArray(),
                Settings = new FunctionSettings { TimeoutSeconds = 30 },
            }, CancellationToken.None);
            using var caller = new CancellationTokenSource();
            var invoker = server.Services.GetRequiredService<IInvoker>();
            var call = invoker.InvokeAsync(new InvokeRequest { TenantId = Tenants.Default, FunctionName = "slow", Payload = "{}"u8.ToArray() }, caller.Token);
            await caller.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        // The same data directory, read by a new server: the invocation ran to its end before the first one stopped.
        var again = await TestServers.StartAsync(_data);
        await using (again)
        {
            using var http = TestServers.ClientFor(again);
            await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
            var records = await again.Services.GetRequiredService<IInvocationStore>().ListAsync(new InvocationQuery(Tenants.Default), CancellationToken.None);
            var record = Assert.Single(records);
            Assert.Equal(InvocationOutcome.Success, record.Outcome);
            requestId = record.RequestId;
            var lines = await again.Services.GetRequiredService<IInvocationStore>().GetLogsAsync(new LogQuery(Tenants.Default) { RequestId = requestId }, CancellationToken.None);
            Assert.Contains(lines, l => l.Text == "ended");
        }

        await SandboxLeaks.AssertNoneAsync(_data.Path);
    }
}
