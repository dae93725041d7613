using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// A function's life as a user drives it with a real client: create, wait until Active, invoke, update the
/// code, invoke, update the configuration, invoke, delete — for a Node, a Python and a C# function, each with
/// the aws CLI, boto3 and the AWS SDK for JavaScript.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class FunctionLifecycleTests(LambdaServer server)
{
    public static TheoryData<string, string> RuntimesAndClients
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var runtime in new[] { "node", "python", "dotnet" })
            {
                foreach (var client in new[] { LambdaClient.AwsCli, LambdaClient.Boto3, LambdaClient.JsSdk })
                {
                    data.Add(runtime, client);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RuntimesAndClients))]
    public async Task CreateInvokeUpdateDelete_RealClient_EveryChangeIsObservable(string runtime, string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var function = TestFunction.Echo(runtime);
        var name = LambdaServer.NewFunctionName($"life-{runtime}");

        var created = (await client.CreateFunctionAsync(
            name, function.Runtime, function.Handler, server.Packages.Package(function, "v1"), 256, new Dictionary<string, string> { ["GREETING"] = "hello" })).AssertOk();
        Assert.Equal(name, created.OutputString("FunctionName"));
        Assert.Equal(function.Runtime, created.OutputString("Runtime"));
        Assert.Equal(function.Handler, created.OutputString("Handler"));
        Assert.EndsWith($":function:{name}", created.OutputString("FunctionArn"), StringComparison.Ordinal);
        await client.WaitUntilActiveAsync(name);

        AssertEcho(await client.InvokeAsync(name, new { message = "first" }), runtime, name, "v1", "first", "hello", 256);

        var codeUpdated = (await client.CallAsync("UpdateFunctionCode", new JsonObject
        {
            ["FunctionName"] = name,
            ["ZipFile"] = "fileb://" + server.Packages.Package(function, "v2"),
        })).AssertOk();
        Assert.NotEqual(created.OutputString("CodeSha256"), codeUpdated.OutputString("CodeSha256"));
        await client.WaitUntilUpdatedAsync(name);

        AssertEcho(await client.InvokeAsync(name, new { message = "second" }), runtime, name, "v2", "second", "hello", 256);

        var configured = (await client.CallAsync("UpdateFunctionConfiguration", new JsonObject
        {
            ["FunctionName"] = name,
            ["MemorySize"] = 512,
            ["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["GREETING"] = "bonjour" } },
        })).AssertOk();
        Assert.Equal("512", configured.OutputString("MemorySize"));
        await client.WaitUntilUpdatedAsync(name);

        AssertEcho(await client.InvokeAsync(name, new { message = "third" }), runtime, name, "v2", "third", "bonjour", 512);

        var fetched = (await client.CallAsync("GetFunction", new JsonObject { ["FunctionName"] = name })).AssertOk();
        var configuration = fetched.Output.GetProperty("Configuration");
        Assert.Equal("Active", configuration.GetProperty("State").GetString());
        Assert.Equal("bonjour", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
        Assert.Equal(codeUpdated.OutputString("CodeSha256"), configuration.GetProperty("CodeSha256").GetString());

        await client.DeleteFunctionAsync(name);

        var gone = await client.CallAsync("GetFunction", new JsonObject { ["FunctionName"] = name });
        gone.AssertError("ResourceNotFoundException");
        Assert.True(gone.Status is null or 404, gone.ToString());
        Assert.DoesNotContain(name, await client.ListFunctionNamesAsync());
    }

    private static void AssertEcho(ClientResult invoked, string runtime, string name, string marker, string message, string greeting, int memory)
    {
        invoked.AssertOk();
        Assert.True(invoked.OutputString("FunctionError") is null, $"the function failed: {invoked}");
        Assert.True(invoked.Status is null or 200, invoked.ToString());
        Assert.Equal("200", invoked.OutputString("StatusCode"));
        var payload = invoked.Payload;
        Assert.True(payload.ValueKind == JsonValueKind.Object, invoked.ToString());
        Assert.Equal(runtime, payload.GetProperty("runtime").GetString());
        Assert.Equal(marker, payload.GetProperty("marker").GetString());
        Assert.Equal(message, payload.GetProperty("echo").GetString());
        Assert.Equal(greeting, payload.GetProperty("greeting").GetString());
        Assert.Equal(name, payload.GetProperty("functionName").GetString());
        Assert.Equal(memory, payload.GetProperty("memory").GetInt32());
    }
}
