using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// The ways an invocation gets a sandbox on a real server (real runc, pools on as by default): a function's first
/// invocation specialises a pre-warmed stem cell once the pool holds one of its kind, and a function with provisioned
/// concurrency is ready before its first request, which then runs on a provisioned sandbox, not a cold one.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class ColdStartPathTests(LambdaServer server)
{
    [Fact]
    public async Task FirstInvocation_WhenThePoolHoldsAStemOfItsKind_RunsOnTheSpecialisedStemWithItsOwnCode()
    {
        var client = LambdaClient.For(LambdaClient.Boto3, server);
        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        var first = LambdaServer.NewFunctionName("pool-first");
        var second = LambdaServer.NewFunctionName("pool-second");
        await client.CreateActiveFunctionAsync(first, TestFunction.NodeEcho, server.Packages.Package(TestFunction.NodeEcho, "first-code"));
        await client.CreateActiveFunctionAsync(second, TestFunction.NodeEcho, server.Packages.Package(TestFunction.NodeEcho, "second-code"));

        // The first cold start of a kind is the demand that makes the pool keep a stem of it.
        Assert.Equal("first-code", (await client.InvokeAsync(first, new { message = "one" })).AssertOk().Payload.GetProperty("marker").GetString());
        var memory = (await client.CallAsync("GetFunctionConfiguration", new JsonObject { ["FunctionName"] = second })).AssertOk().OutputString("MemorySize");
        await Poll.UntilAsync(async () => await ReadyStemsAsync(http, $"node/{memory}MB") > 0, $"a ready node/{memory}MB stem in the pool");

        var answer = (await client.InvokeAsync(second, new { message = "two" })).AssertOk().Payload;

        Assert.Equal("second-code", answer.GetProperty("marker").GetString());
        Assert.Equal(second, answer.GetProperty("functionName").GetString());
        Assert.Equal("two", answer.GetProperty("echo").GetString());
        var record = await OnlyRecordAsync(http, second);
        Assert.Equal("prewarmed", record.GetProperty("startKind").GetString());
        Assert.True(record.GetProperty("cold").GetBoolean());
        await client.DeleteFunctionAsync(first);
        await client.DeleteFunctionAsync(second);
    }

    [Fact]
    public async Task ProvisionedConcurrency_IsReadyBeforeTheFirstRequest_WhichRunsOnAProvisionedSandbox()
    {
        var client = LambdaClient.For(LambdaClient.AwsCli, server);
        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        var name = LambdaServer.NewFunctionName("provisioned-ready");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho, "provisioned-code"));
        var target = new JsonObject { ["FunctionName"] = name, ["Qualifier"] = "$LATEST" };
        (await client.CallAsync("PutProvisionedConcurrencyConfig", new JsonObject
        {
            ["FunctionName"] = name,
            ["Qualifier"] = "$LATEST",
            ["ProvisionedConcurrentExecutions"] = 2,
        })).AssertOk();

        ClientResult config = null!;
        await Poll.UntilAsync(
            async () =>
            {
                config = (await client.CallAsync("GetProvisionedConcurrencyConfig", target)).AssertOk();
                Assert.NotEqual("FAILED", config.OutputString("Status"));
                return config.OutputString("Status") == "READY";
            },
            "the provisioned concurrency to be READY");
        Assert.Equal("2", config.OutputString("AvailableProvisionedConcurrentExecutions"));
        Assert.Equal("2", config.OutputString("AllocatedProvisionedConcurrentExecutions"));
        Assert.Empty(await RecordsAsync(http, name));

        var answer = (await client.InvokeAsync(name, new { message = "ready" })).AssertOk().Payload;

        Assert.Equal("provisioned-code", answer.GetProperty("marker").GetString());
        var record = await OnlyRecordAsync(http, name);
        Assert.Equal("provisioned", record.GetProperty("startKind").GetString());
        Assert.False(record.GetProperty("cold").GetBoolean());
        Assert.False(record.TryGetProperty("initDurationMs", out var init) && init.ValueKind == JsonValueKind.Number, record.ToString());

        (await client.CallAsync("DeleteProvisionedConcurrencyConfig", target)).AssertOk();
        await client.DeleteFunctionAsync(name);
    }

    private static async Task<int> ReadyStemsAsync(HttpClient http, string kind)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/_kumo/v1/status"));
        return !status.RootElement.TryGetProperty("pools", out var pools)
            ? 0
            : pools.EnumerateArray()
                .Where(p => p.GetProperty("kind").GetString() == kind)
                .Sum(p => p.GetProperty("ready").GetInt32());
    }

    private static async Task<List<JsonElement>> RecordsAsync(HttpClient http, string function)
    {
        using var records = JsonDocument.Parse(await http.GetStringAsync($"/_kumo/v1/invocations?function={function}"));
        return [.. records.RootElement.GetProperty("invocations").EnumerateArray().Select(r => r.Clone())];
    }

    private static async Task<JsonElement> OnlyRecordAsync(HttpClient http, string function)
    {
        var records = new List<JsonElement>();
        await Poll.UntilAsync(async () => (records = await RecordsAsync(http, function)).Count == 1, $"the record of {function}'s invocation");
        return records[0];
    }
}
