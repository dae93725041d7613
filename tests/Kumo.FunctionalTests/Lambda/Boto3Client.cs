using System.Globalization;
using System.Text.Json;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>boto3 (Debian's python3-boto3) through tests/clients/python/lambda_call.py.</summary>
internal sealed class Boto3Client(LambdaServer server) : LambdaClient(server)
{
    public override string Name => Boto3;

    public override Task<ClientResult> CallAsync(string operation, object input) =>
        RunAsync(operation, Separated(operation, '_'), ToJson(input).ToJsonString());

    public override Task<ClientResult> WaitAsync(string waiter, string functionName) =>
        RunAsync($"wait {waiter}", "wait:" + Separated(waiter, '_'), ToJson(new { FunctionName = functionName }).ToJsonString());

    public override async Task<InvocationBurst> InvokeManyAsync(string functionName, int count, object payload)
    {
        var script = Path.Combine(ClientTools.PythonScripts, "invoke_many.py");
        var arguments = new[] { script, functionName, count.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(payload) };
        return BurstFromScript(await ClientProcess.RunAsync(ClientTools.Python, arguments, Server.ClientEnvironment, Deadline, ClientTools.PythonScripts));
    }

    private async Task<ClientResult> RunAsync(string operation, string argument, string input)
    {
        var script = Path.Combine(ClientTools.PythonScripts, "lambda_call.py");
        var run = await ClientProcess.RunAsync(ClientTools.Python, [script, argument, input], Server.ClientEnvironment, Deadline);
        return FromScript(operation, run);
    }
}
