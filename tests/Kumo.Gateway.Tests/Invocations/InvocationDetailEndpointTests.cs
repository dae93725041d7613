using System.Net;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class InvocationDetailEndpointTests
{
    [Fact]
    public async Task GetAsync_KnownRequestId_AnswersTheRecordAndOnlyItsLog()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Invocations.AddRecord("resize", "req-1", InvocationOutcome.FunctionError);
        host.Invocations.AddRecord("resize", "req-2");
        host.Invocations.Write("resize", "req-1", "START RequestId: req-1");
        host.Invocations.Write("resize", "req-2", "START RequestId: req-2");
        host.Invocations.Write("resize", "req-1", "oops");

        var detail = await host.GetAsync($"{NativeApi.InvocationsPath}/req-1", KumoJsonContext.Default.InvocationDetail);

        Assert.NotNull(detail.Invocation);
        Assert.Equal("req-1", detail.Invocation.RequestId);
        Assert.Equal(InvocationOutcome.FunctionError, detail.Invocation.Outcome);
        Assert.Equal("it broke", detail.Invocation.ErrorMessage);
        Assert.Null(detail.Event);
        Assert.Equal(["START RequestId: req-1", "oops"], detail.Logs.Select(l => l.Text));
        Assert.Equal([1L, 3L], detail.Logs.Select(l => l.Sequence));
        Assert.All(detail.Logs, l => Assert.Equal("resize", l.FunctionName));
    }

    [Fact]
    public async Task GetAsync_UnknownRequestId_Answers404NamingIt()
    {
        await using var host = await NativeApiHost.StartAsync();

        var error = await host.GetErrorAsync($"{NativeApi.InvocationsPath}/nope", HttpStatusCode.NotFound);

        Assert.Equal("NotFound", error.Code);
        Assert.Contains("no invocation with request id 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("kumo invocations ls", error.Message, StringComparison.Ordinal);
    }
}
