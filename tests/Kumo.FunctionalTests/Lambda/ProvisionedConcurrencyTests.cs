using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// Provisioned concurrency settings as a user manages them with each real client, against the server's real store:
/// put on <c>$LATEST</c> (Kumo's extension: it has no published versions yet), get, list, delete, the refusals, and a
/// deleted function takes its setting with it. Whether the sandboxes become ready is the worker's part, not checked here.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed partial class ProvisionedConcurrencyTests(LambdaServer server)
{
    private const string Latest = "$LATEST";

    public static TheoryData<string> Clients => LambdaClient.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task ProvisionedConcurrencyConfig_RealClient_PutGetListDelete(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("provisioned");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho));
        var target = new JsonObject { ["FunctionName"] = name, ["Qualifier"] = Latest };

        var put = (await client.CallAsync("PutProvisionedConcurrencyConfig", new JsonObject
        {
            ["FunctionName"] = name,
            ["Qualifier"] = Latest,
            ["ProvisionedConcurrentExecutions"] = 2,
        })).AssertOk();
        Assert.True(put.Status is null or 202, put.ToString());
        Assert.Equal("2", put.OutputString("RequestedProvisionedConcurrentExecutions"));
        Assert.Contains(put.OutputString("Status"), (string[])["IN_PROGRESS", "READY"]);
        Assert.Matches(LambdaTime(), put.OutputString("LastModified"));

        var fetched = (await client.CallAsync("GetProvisionedConcurrencyConfig", target)).AssertOk();
        Assert.Equal("2", fetched.OutputString("RequestedProvisionedConcurrentExecutions"));
        Assert.Equal(put.OutputString("LastModified"), fetched.OutputString("LastModified"));
        Assert.Contains(fetched.OutputString("Status"), (string[])["IN_PROGRESS", "READY"]);

        var listed = (await client.CallAsync("ListProvisionedConcurrencyConfigs", new JsonObject { ["FunctionName"] = name })).AssertOk();
        var only = Assert.Single(listed.Output.GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray());
        Assert.EndsWith($":function:{name}:{Latest}", only.GetProperty("FunctionArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, only.GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());

        var version = await client.CallAsync("PutProvisionedConcurrencyConfig", new JsonObject
        {
            ["FunctionName"] = name,
            ["Qualifier"] = "1",
            ["ProvisionedConcurrentExecutions"] = 1,
        });
        Assert.Contains("does not publish versions", version.AssertError("ResourceNotFoundException").Message, StringComparison.Ordinal);

        var deleted = (await client.CallAsync("DeleteProvisionedConcurrencyConfig", target)).AssertOk();
        Assert.True(deleted.Status is null or 204, deleted.ToString());
        var gone = await client.CallAsync("GetProvisionedConcurrencyConfig", target);
        gone.AssertError("ProvisionedConcurrencyConfigNotFoundException");
        await client.DeleteFunctionAsync(name);
    }

    [Fact]
    public async Task AwsCli_Flags_PutGetListDeleteAndTheRefusals()
    {
        var client = LambdaClient.For(LambdaClient.AwsCli, server);
        var name = LambdaServer.NewFunctionName("provisioned-cli");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho));

        // 100,000 sandboxes of 256 MB are far past half of any machine's memory budget.
        var tooMany = await AwsAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest, "--provisioned-concurrent-executions", "100000");
        var put = await AwsAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest, "--provisioned-concurrent-executions", "1");
        var get = await AwsAsync("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest);
        var list = await AwsAsync("list-provisioned-concurrency-configs", "--function-name", name);
        var delete = await AwsAsync("delete-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest);
        var missing = await AwsAsync("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest);

        Assert.True(tooMany.ExitCode != 0, Describe(tooMany));
        Assert.Contains("(InvalidParameterValueException)", tooMany.Stderr, StringComparison.Ordinal);
        Assert.Contains("--memory-budget", tooMany.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\d+ fit: ask for at most \d+", tooMany.Stderr);
        Assert.Equal(1, Json(put).GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());
        Assert.Equal(1, Json(get).GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());
        var item = Assert.Single(Json(list).GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray());
        Assert.EndsWith($":function:{name}:{Latest}", item.GetProperty("FunctionArn").GetString(), StringComparison.Ordinal);
        Assert.True(delete.ExitCode == 0 && delete.Stdout.Trim().Length == 0, Describe(delete));
        Assert.True(missing.ExitCode != 0, Describe(missing));
        Assert.Contains("(ProvisionedConcurrencyConfigNotFoundException)", missing.Stderr, StringComparison.Ordinal);
        await client.DeleteFunctionAsync(name);
    }

    [Fact]
    public async Task DeleteFunction_WithASetting_TheSettingGoesWithIt()
    {
        var client = LambdaClient.For(LambdaClient.AwsCli, server);
        var name = LambdaServer.NewFunctionName("provisioned-gone");
        var zip = server.Packages.Package(TestFunction.PythonEcho);
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, zip);
        var put = await AwsAsync("put-provisioned-concurrency-config", "--function-name", name, "--qualifier", Latest, "--provisioned-concurrent-executions", "1");
        Assert.True(put.ExitCode == 0, Describe(put));

        await client.DeleteFunctionAsync(name);
        var missingFunction = await AwsAsync("list-provisioned-concurrency-configs", "--function-name", name);
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, zip);
        var list = await AwsAsync("list-provisioned-concurrency-configs", "--function-name", name);

        Assert.Contains("(ResourceNotFoundException)", missingFunction.Stderr, StringComparison.Ordinal);
        Assert.Empty(Json(list).GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray());
        await client.DeleteFunctionAsync(name);
    }

    private async Task<ClientProcess> AwsAsync(params string[] arguments) =>
        await ClientProcess.RunAsync(
            ClientTools.AwsCli, ["lambda", .. arguments, "--endpoint-url", server.Endpoint, "--output", "json"], server.ClientEnvironment, TimeSpan.FromMinutes(2));

    private static JsonElement Json(ClientProcess run)
    {
        Assert.True(run.ExitCode == 0, Describe(run));
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    private static string Describe(ClientProcess run) => $"exit {run.ExitCode}; stdout: {run.Stdout.Trim()}; stderr: {run.Stderr.Trim()}";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")]
    private static partial Regex LambdaTime();
}
