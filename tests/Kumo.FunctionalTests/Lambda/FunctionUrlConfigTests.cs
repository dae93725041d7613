using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// A function URL's configuration as a user manages it with each real client: create (with CORS), get, update
/// the CORS, list, the refusals (a second URL, <c>AWS_IAM</c>), delete — and a deleted function takes its URL
/// with it, against the server's real store.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed partial class FunctionUrlConfigTests(LambdaServer server)
{
    public static TheoryData<string> Clients => LambdaClient.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task FunctionUrlConfig_RealClient_CreateGetUpdateListDelete(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("url");
        var zip = server.Packages.Package(TestFunction.PythonEcho, "v1");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, zip);

        var created = (await client.CallAsync("CreateFunctionUrlConfig", new JsonObject
        {
            ["FunctionName"] = name,
            ["AuthType"] = "NONE",
            ["Cors"] = new JsonObject
            {
                ["AllowOrigins"] = new JsonArray("https://app.example.com"),
                ["AllowMethods"] = new JsonArray("GET", "POST"),
                ["MaxAge"] = 300,
            },
        })).AssertOk();
        Assert.True(created.Status is null or 201, created.ToString());
        var url = created.OutputString("FunctionUrl")!;
        var port = new Uri(server.Endpoint).Port;
        Assert.Matches($@"^http://[a-z0-9]{{32}}\.lambda-url\.localhost:{port}/$", url);
        Assert.EndsWith($":function:{name}", created.OutputString("FunctionArn"), StringComparison.Ordinal);
        Assert.Equal("NONE", created.OutputString("AuthType"));
        Assert.Equal(["https://app.example.com"], Strings(created.Output.GetProperty("Cors"), "AllowOrigins"));
        Assert.Matches(IsoTime(), created.OutputString("CreationTime"));

        var fetched = (await client.CallAsync("GetFunctionUrlConfig", new JsonObject { ["FunctionName"] = name })).AssertOk();
        Assert.Equal(url, fetched.OutputString("FunctionUrl"));
        Assert.Equal(created.OutputString("CreationTime"), fetched.OutputString("CreationTime"));
        Assert.Matches(IsoTime(), fetched.OutputString("LastModifiedTime"));
        Assert.Equal(["GET", "POST"], Strings(fetched.Output.GetProperty("Cors"), "AllowMethods"));
        Assert.Equal("300", fetched.Output.GetProperty("Cors").GetProperty("MaxAge").GetRawText());

        var updated = (await client.CallAsync("UpdateFunctionUrlConfig", new JsonObject
        {
            ["FunctionName"] = name,
            ["Cors"] = new JsonObject { ["AllowOrigins"] = new JsonArray("*"), ["AllowHeaders"] = new JsonArray("Content-Type") },
        })).AssertOk();
        Assert.Equal(url, updated.OutputString("FunctionUrl"));
        Assert.Equal("NONE", updated.OutputString("AuthType"));
        var cors = updated.Output.GetProperty("Cors");
        Assert.Equal(["*"], Strings(cors, "AllowOrigins"));
        Assert.Equal(["Content-Type"], Strings(cors, "AllowHeaders"));
        Assert.False(cors.TryGetProperty("MaxAge", out _), $"the new Cors replaces the old one whole: {updated}");

        var listed = (await client.CallAsync("ListFunctionUrlConfigs", new JsonObject { ["FunctionName"] = name })).AssertOk();
        var only = Assert.Single(listed.Output.GetProperty("FunctionUrlConfigs").EnumerateArray());
        Assert.Equal(url, only.GetProperty("FunctionUrl").GetString());
        Assert.Equal(["*"], Strings(only.GetProperty("Cors"), "AllowOrigins"));

        var second = await client.CallAsync("CreateFunctionUrlConfig", new JsonObject { ["FunctionName"] = name, ["AuthType"] = "NONE" });
        Assert.Contains("FunctionUrlConfig exists", second.AssertError("ResourceConflictException").Message, StringComparison.Ordinal);

        var iam = await client.CallAsync("UpdateFunctionUrlConfig", new JsonObject { ["FunctionName"] = name, ["AuthType"] = "AWS_IAM" });
        Assert.Contains("SigV4", iam.AssertError("InvalidParameterValueException").Message, StringComparison.Ordinal);

        var deleted = (await client.CallAsync("DeleteFunctionUrlConfig", new JsonObject { ["FunctionName"] = name })).AssertOk();
        Assert.True(deleted.Status is null or 204, deleted.ToString());
        (await client.CallAsync("GetFunctionUrlConfig", new JsonObject { ["FunctionName"] = name })).AssertError("ResourceNotFoundException");
        var empty = (await client.CallAsync("ListFunctionUrlConfigs", new JsonObject { ["FunctionName"] = name })).AssertOk();
        Assert.Empty(empty.Output.GetProperty("FunctionUrlConfigs").EnumerateArray());

        // A URL goes with its function: a new function of the same name starts without one.
        (await client.CallAsync("CreateFunctionUrlConfig", new JsonObject { ["FunctionName"] = name, ["AuthType"] = "NONE" })).AssertOk();
        await client.DeleteFunctionAsync(name);
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, zip);
        (await client.CallAsync("GetFunctionUrlConfig", new JsonObject { ["FunctionName"] = name })).AssertError("ResourceNotFoundException");
        await client.DeleteFunctionAsync(name);
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(item => item.GetString() ?? "")];

    /// <summary>The time format Lambda uses for function URLs: <c>2024-01-02T03:04:05.123456Z</c>.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex IsoTime();
}
