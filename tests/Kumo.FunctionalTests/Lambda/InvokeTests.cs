using System.Text;

namespace Kumo.FunctionalTests.Lambda;

/// <summary>What an invocation gives back beyond the payload: the log tail, and a function's own errors.</summary>
[Collection(LambdaCollection.Name)]
public sealed class InvokeTests(LambdaServer server)
{
    public static TheoryData<string> Clients => LambdaClient.All;

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Invoke_LogTypeTail_LogResultHasTheFunctionsLinesBetweenStartEndAndReport(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("tail");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonEcho, server.Packages.Package(TestFunction.PythonEcho, "v1"));

        var invoked = (await client.InvokeAsync(name, new { message = "tail-me" }, logType: "Tail")).AssertOk();

        var logResult = invoked.OutputString("LogResult");
        Assert.False(string.IsNullOrEmpty(logResult), $"no LogResult: {invoked}");
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(logResult));
        var start = log.IndexOf("START RequestId: ", StringComparison.Ordinal);
        var line = log.IndexOf("echo tail-me with marker v1", StringComparison.Ordinal);
        var end = log.IndexOf("END RequestId: ", StringComparison.Ordinal);
        var report = log.IndexOf("REPORT RequestId: ", StringComparison.Ordinal);
        Assert.True(start >= 0 && start < line && line < end && end < report, $"the log tail is not START, the function's line, END, REPORT:\n{log}");
        Assert.Contains("Duration: ", log[report..], StringComparison.Ordinal);
        Assert.Contains("Max Memory Used: ", log[report..], StringComparison.Ordinal);
        await client.DeleteFunctionAsync(name);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Invoke_FunctionRaises_UnhandledFunctionErrorWithTheErrorAsPayload(string clientName)
    {
        var client = LambdaClient.For(clientName, server);
        var name = LambdaServer.NewFunctionName("raises");
        await client.CreateActiveFunctionAsync(name, TestFunction.PythonError, server.Packages.Package(TestFunction.PythonError));

        var invoked = (await client.InvokeAsync(name, new { orderId = "o-7" })).AssertOk();

        Assert.Equal("Unhandled", invoked.OutputString("FunctionError"));
        Assert.Equal("200", invoked.OutputString("StatusCode"));
        var error = invoked.Payload;
        Assert.Equal("OrderRejected", error.GetProperty("errorType").GetString());
        Assert.Equal("order o-7 rejected", error.GetProperty("errorMessage").GetString());
        Assert.Contains(error.GetProperty("stackTrace").EnumerateArray(), frame => frame.GetString()!.Contains("failing.py", StringComparison.Ordinal));
        await client.DeleteFunctionAsync(name);
    }

    [Fact]
    public async Task Invoke_CSharpFunctionThrows_UnhandledFunctionErrorWithTheExceptionType()
    {
        var client = LambdaClient.For(LambdaClient.JsSdk, server);
        var name = LambdaServer.NewFunctionName("throws");
        await client.CreateActiveFunctionAsync(name, TestFunction.DotnetReject, server.Packages.Package(TestFunction.DotnetReject));

        var invoked = (await client.InvokeAsync(name, new { orderId = "o-2", quantity = 1 })).AssertOk();

        Assert.Equal("Unhandled", invoked.OutputString("FunctionError"));
        var error = invoked.Payload;
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("order o-2 rejected", error.GetProperty("errorMessage").GetString());
        await client.DeleteFunctionAsync(name);
    }
}
