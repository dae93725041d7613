using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// Concurrency as clients see it: a function's reserved concurrency throttles the call past it, and a burst
/// of calls runs side by side in as many sandboxes rather than one after another.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class ConcurrencyTests(LambdaServer server, ITestOutputHelper output)
{
    public static TheoryData<string> Clients => LambdaClient.Concurrent;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Invoke_TwoAtOnceWithReservedConcurrencyOne_OneServedOneThrottled(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("reserved");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonSleep, server.Packages.Package(TestFunction.PythonSleep));
        var reserved = (await client.CallAsync("PutFunctionConcurrency", new JsonObject { ["FunctionName"] = name, ["ReservedConcurrentExecutions"] = 1 })).AssertOk();
        Assert.Equal("1", reserved.OutputString("ReservedConcurrentExecutions"));

        // Each call sleeps a second, so that the two (released together) surely overlap on a busy machine.
        var burst = await client.InvokeManyAsync(name, 2, new { ms = 1000 });

        var served = Assert.Single(burst.Results, r => r.Ok);
        Assert.True(served.OutputString("FunctionError") is null, served.ToString());
        Assert.Equal(1000, served.Payload.GetProperty("slept").GetInt32());
        var throttled = Assert.Single(burst.Results, r => !r.Ok);
        var error = throttled.AssertError("TooManyRequestsException");
        Assert.True(throttled.Status == 429, $"expected HTTP 429: {throttled}");
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", error.Reason);
        await client.DeleteFunctionAsync(name);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Invoke_FiftyAtOnceOfA200MsFunction_FinishTogetherNotOneAfterAnother(string clientName)
    {
        const int Calls = 50;
        var oneAfterAnother = TimeSpan.FromMilliseconds(Calls * 200);
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("burst");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonSleep, server.Packages.Package(TestFunction.PythonSleep));

        var burst = await client.InvokeManyAsync(name, Calls, new { ms = 200 });

        output.WriteLine($"{Calls} concurrent invocations of a 200 ms function with {clientName}: {burst.Elapsed.TotalMilliseconds:0} ms (one after another: {oneAfterAnother.TotalMilliseconds:0} ms)");
        Assert.All(burst.Results, r =>
        {
            r.AssertOk();
            Assert.True(r.OutputString("FunctionError") is null, r.ToString());
            Assert.Equal(200, r.Payload.GetProperty("slept").GetInt32());
        });
        Assert.Equal(Calls, burst.Results.Select(r => r.Payload.GetProperty("requestId").GetString()).Distinct().Count());
        Assert.True(burst.Elapsed < oneAfterAnother, $"{Calls} invocations of a 200 ms function took {burst.Elapsed.TotalMilliseconds:0} ms: no faster than one after another ({oneAfterAnother.TotalMilliseconds:0} ms)");
        await client.DeleteFunctionAsync(name);
    }
}
