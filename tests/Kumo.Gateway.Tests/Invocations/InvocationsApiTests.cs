using System.Net;
using Kumo.Abstractions.Api;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class InvocationsApiTests
{
    [Theory]
    [InlineData(NativeApi.FunctionsPath)]
    [InlineData(NativeApi.InvocationsPath)]
    [InlineData(NativeApi.InvocationsPath + "/req-1")]
    [InlineData(NativeApi.LogsPath)]
    public async Task Map_WhilePlatformStarting_Answers503(string path)
    {
        await using var host = await NativeApiHost.StartAsync(ready: false);
        host.Lifecycle.Starting("open embedded storage");

        var error = await host.GetErrorAsync(path, HttpStatusCode.ServiceUnavailable);

        Assert.Equal("NotReady", error.Code);
        Assert.Contains("open embedded storage", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Invocations.Queries);
        Assert.Empty(host.Functions.ListCalls);
    }

    [Fact]
    public async Task Map_WhileStopping_StillAnswers()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Lifecycle.MarkStopping();

        var page = await host.GetAsync(NativeApi.InvocationsPath, Abstractions.KumoJsonContext.Default.InvocationList);

        Assert.Empty(page.Invocations);
    }
}
