using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Status;
using Kumo.Server.Configuration;
using Kumo.Testing;

namespace Kumo.Server.Tests;

/// <summary>The pools of pre-warmed stem cells in <c>GET /_kumo/v1/status</c>, the shape a benchmark waits on.</summary>
[Collection(ServerCollection.Name)]
public sealed class StatusPoolsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task Status_WhenReady_ListsThePoolsByKind(string prewarm)
    {
        await using var server = await TestServers.StartAsync(_data, settings: new Dictionary<ServerSetting, string> { [ServerSetting.Prewarm] = prewarm });
        using var http = TestServers.ClientFor(server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "readiness");

        using var response = await http.GetAsync("/_kumo/v1/status");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var status = await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ServerStatus);

        // No function has needed a stem yet: a list, empty. Each entry is {kind, ready, starting, target}.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("pools").ValueKind);
        Assert.Empty(status!.Pools!);
    }

    [Fact]
    public void Status_Pools_AreWrittenAsKindReadyStartingTarget()
    {
        var status = new ServerStatus("0.1.0", PlatformState.Ready, null, DateTimeOffset.UnixEpoch, 1, "http://127.0.0.1:7070", "/data", null, null, 1, ".NET", "Linux")
        {
            Pools = [new PoolDescription("node/512MB", 1, 2, 3)],
        };

        var json = JsonSerializer.Serialize(status, KumoJsonContext.Default.ServerStatus);

        Assert.Contains("\"pools\":[{\"kind\":\"node/512MB\",\"ready\":1,\"starting\":2,\"target\":3}]", json, StringComparison.Ordinal);
    }
}
