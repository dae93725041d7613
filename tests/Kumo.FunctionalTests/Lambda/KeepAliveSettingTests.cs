using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// A function's own keep-alive setting on a real server: set with the native API, kept in the server's SQLite store
/// through a change made with the Lambda API (the aws CLI), and in force for the function's invocations in real sandboxes.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class KeepAliveSettingTests(LambdaServer server)
{
    [Fact]
    public async Task KeepAlive_SetWithTheNativeApi_SurvivesALambdaUpdateAndKeepsTheSandboxWarm()
    {
        var client = LambdaClient.For(LambdaClient.AwsCli, server);
        var name = LambdaServer.NewFunctionName("keepalive");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho));
        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        var path = $"/_kumo/v1/functions/{name}/keep-alive";
        Assert.Equal($$"""{"function":"{{name}}"}""", await http.GetStringAsync(path));

        using (var put = await http.PutAsync(path, Json("""{"policy": "adaptive", "idleTimeoutSeconds": 600}""")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        (await client.CallAsync("UpdateFunctionConfiguration", new JsonObject { ["FunctionName"] = name, ["Description"] = "nightly report" })).AssertOk();
        (await client.WaitAsync("FunctionUpdatedV2", name)).AssertOk();
        Assert.Equal($$"""{"function":"{{name}}","policy":"adaptive","idleTimeoutSeconds":600}""", await http.GetStringAsync(path));

        // While the adaptive policy learns it keeps the function's idle time: the second invocation finds the first's sandbox.
        (await client.InvokeAsync(name, new { run = 1 })).AssertOk();
        (await client.InvokeAsync(name, new { run = 2 })).AssertOk();
        var colds = new List<bool>();
        await Poll.UntilAsync(
            async () =>
            {
                using var records = JsonDocument.Parse(await http.GetStringAsync($"/_kumo/v1/invocations?function={name}"));
                colds = [.. records.RootElement.GetProperty("invocations").EnumerateArray().Select(r => r.GetProperty("cold").GetBoolean())];
                return colds.Count == 2;
            },
            "both invocations' records");
        // Newest first.
        Assert.Equal([false, true], colds);

        using var bad = await http.PutAsync(path, Json("""{"policy": "sometimes", "idleTimeoutSeconds": 0}"""));
        using var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(
            "policy 'sometimes' is not known: use fixed or adaptive, or leave it out to follow the platform's policy; idleTimeoutSeconds 0 is out of range",
            error.RootElement.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        await client.DeleteFunctionAsync(name);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
