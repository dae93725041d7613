using System.Text.Json.Nodes;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// Refusals as each client parses them: the exception type named by AWS's API, raised as the client's own
/// class (boto3's <c>client.exceptions.X</c>, the JS SDK's <c>X</c>), with the HTTP status Lambda uses.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class ErrorShapeTests(LambdaServer server)
{
    public static TheoryData<string> Clients => LambdaClient.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task GetAndInvoke_NoSuchFunction_ResourceNotFoundException(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("missing");

        var get = await client.CallAsync("GetFunction", new JsonObject { ["FunctionName"] = name });
        var invoke = await client.InvokeAsync(name, new { });
        var delete = await client.CallAsync("DeleteFunction", new JsonObject { ["FunctionName"] = name });

        foreach (var result in new[] { get, invoke, delete })
        {
            var error = result.AssertError("ResourceNotFoundException");
            Assert.True(result.Status is null or 404, result.ToString());
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task CreateFunction_Twice_ResourceConflictException(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("twice");
        var zip = server.Packages.Package(TestFunction.PythonEcho, "v1");
        (await client.CreateFunctionAsync(name, TestFunction.PythonEcho.Runtime, TestFunction.PythonEcho.Handler, zip)).AssertOk();

        var again = await client.CreateFunctionAsync(name, TestFunction.PythonEcho.Runtime, TestFunction.PythonEcho.Handler, zip);

        var error = again.AssertError("ResourceConflictException");
        Assert.True(again.Status is null or 409, again.ToString());
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        await client.WaitUntilActiveAsync(name);
        await client.DeleteFunctionAsync(name);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task CreateFunction_MemorySizeOverTheLimit_InvalidParameterValueException(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("too-much-memory");
        var zip = server.Packages.Package(TestFunction.PythonEcho, "v1");

        // Over the 10,240 MB maximum: the clients check only the minimum (128) themselves.
        var created = await client.CreateFunctionAsync(name, TestFunction.PythonEcho.Runtime, TestFunction.PythonEcho.Handler, zip, memorySize: 20_000);

        var error = created.AssertError("InvalidParameterValueException");
        Assert.True(created.Status is null or 400, created.ToString());
        Assert.Contains("emory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await client.ListFunctionNamesAsync());
    }
}
