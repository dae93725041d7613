using System.Globalization;
using System.Text.Json;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>The AWS SDK for JavaScript (@aws-sdk/client-lambda) through tests/clients/js/lambda.mjs.</summary>
internal sealed class JsSdkClient(LambdaServer server) : LambdaClient(server)
{
    public override string Name => JsSdk;

    public override Task<ClientResult> CallAsync(string operation, object input) =>
        RunAsync(operation, operation, ToJson(input).ToJsonString());

    public override Task<ClientResult> WaitAsync(string waiter, string functionName) =>
        RunAsync($"wait {waiter}", "wait:" + waiter, ToJson(new { FunctionName = functionName }).ToJsonString());

    public override async Task<InvocationBurst> InvokeManyAsync(string functionName, int count, object payload)
    {
        var script = Path.Combine(ClientTools.JsScripts, "invoke-many.mjs");
        var arguments = new[] { script, functionName, count.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(payload) };
        return BurstFromScript(await ClientProcess.RunAsync(ClientTools.Node, arguments, Server.ClientEnvironment, Deadline, ClientTools.JsScripts));
    }

    private async Task<ClientResult> RunAsync(string operation, string argument, string input)
    {
        var script = Path.Combine(ClientTools.JsScripts, "lambda.mjs");
        var run = await ClientProcess.RunAsync(ClientTools.Node, [script, argument, input], Server.ClientEnvironment, Deadline, ClientTools.JsScripts);
        return FromScript(operation, run);
    }
}
