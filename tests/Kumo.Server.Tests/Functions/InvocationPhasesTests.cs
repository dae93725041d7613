using System.Net;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>An invocation's start kind and phases, stamped by the invoker on a real sandbox, stored in SQLite and shown by the native API.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvocationPhasesTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        using var http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    [Fact]
    public async Task Invoke_ColdThenWarm_RecordsTheStartKindAndPhasesInOrder()
    {
        await _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(Tenant, new FunctionDefinition
        {
            Name = "phases",
            Runtime = "python3.11",
            Handler = "app.handler",
            ZipFile = Zips.Make(("app.py", "def handler(event, context):\n    return 1\n", Zips.File(0b110_100_100))).ToArray(),
            Settings = new FunctionSettings(),
        }, CancellationToken.None);
        var invoker = _server.Services.GetRequiredService<IInvoker>();
        var request = new InvokeRequest { TenantId = Tenant, FunctionName = "phases", Payload = "{}"u8.ToArray() };

        var first = await invoker.InvokeAsync(request, CancellationToken.None);
        var second = await invoker.InvokeAsync(request, CancellationToken.None);

        var records = _server.Services.GetRequiredService<IInvocationStore>();
        var cold = (await records.GetAsync(Tenant, first.RequestId, CancellationToken.None))!;
        var warm = (await records.GetAsync(Tenant, second.RequestId, CancellationToken.None))!;
        // A new sandbox: made for it, or a pre-warmed stem cell specialised for it when the pools are on.
        Assert.Contains(cold.StartKind, new StartKind?[] { StartKind.Cold, StartKind.Prewarmed });
        Assert.True(cold.Cold);
        Assert.Equal(StartKind.Warm, warm.StartKind);
        AssertInOrder(cold.Phases!, initialized: true);
        AssertInOrder(warm.Phases!, initialized: false);

        using var http = TestServers.ClientFor(_server);
        using var detail = JsonDocument.Parse(await http.GetStringAsync($"/_kumo/v1/invocations/{second.RequestId}"));
        var invocation = detail.RootElement.GetProperty("invocation");
        Assert.Equal("warm", invocation.GetProperty("startKind").GetString());
        Assert.Equal(warm.Phases!.AnsweredMs, invocation.GetProperty("phases").GetProperty("answeredMs").GetDouble());
        Assert.False(invocation.GetProperty("phases").TryGetProperty("initializedMs", out _));
    }

    private static void AssertInOrder(InvocationPhases phases, bool initialized)
    {
        double?[] steps = [phases.AdmittedMs, phases.PlacedMs, phases.SandboxAcquiredMs, phases.InitializedMs, phases.HandlerStartedMs, phases.AnsweredMs, phases.RecordedMs];
        Assert.Equal(initialized, phases.InitializedMs is not null);
        var passed = steps.Where(s => s is not null).Select(s => s!.Value).ToList();
        Assert.Equal(initialized ? 7 : 6, passed.Count);
        Assert.True(passed[0] >= 0, $"admitted at {passed[0]} ms");
        Assert.Equal(passed.Order(), passed);
    }
}
