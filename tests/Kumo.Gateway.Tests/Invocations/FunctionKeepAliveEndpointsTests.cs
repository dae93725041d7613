using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Invocations;

public sealed class FunctionKeepAliveEndpointsTests
{
    private static string PathOf(string name) => $"{NativeApi.FunctionsPath}/{name}{NativeApi.KeepAliveSuffix}";

    [Fact]
    public async Task GetAsync_NoSettingOfItsOwn_AnswersOnlyTheName()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("timer");

        var json = await host.Client.GetStringAsync(PathOf("timer"));

        Assert.Equal("""{"function":"timer"}""", json);
    }

    [Fact]
    public async Task PutAsync_PolicyAndIdleTimeout_AreKeptAndShownByGet()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("timer");

        using var put = await PutAsync(host, """{"policy": "Adaptive", "idleTimeoutSeconds": 300}""", "timer");
        var shown = await host.GetAsync(PathOf("timer"), KumoJsonContext.Default.KeepAliveEntry);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("""{"function":"timer","policy":"adaptive","idleTimeoutSeconds":300}""", await put.Content.ReadAsStringAsync());
        Assert.Equal(new KeepAliveEntry { Function = "timer", Policy = "adaptive", IdleTimeoutSeconds = 300 }, shown);
        var stored = await host.Functions.GetAsync(Tenants.Default, "timer", CancellationToken.None);
        Assert.Equal(new KeepAliveConfig { Policy = KeepAlivePolicy.Adaptive, IdleTimeoutSeconds = 300 }, stored!.KeepAlive);
    }

    [Fact]
    public async Task PutAsync_EmptyBody_ReturnsToThePlatformsSetting()
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("timer");
        using (await PutAsync(host, """{"policy": "fixed", "idleTimeoutSeconds": 60}""", "timer"))
        {
        }

        using var put = await PutAsync(host, "{}", "timer");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await host.Functions.GetAsync(Tenants.Default, "timer", CancellationToken.None);
        Assert.Equal(KeepAliveConfig.Platform, stored!.KeepAlive);
    }

    [Theory]
    [InlineData("""{"policy": "sometimes"}""", "policy 'sometimes' is not known: use fixed or adaptive")]
    [InlineData("""{"policy": "0"}""", "policy '0' is not known")]
    [InlineData("""{"idleTimeoutSeconds": 0}""", "idleTimeoutSeconds 0 is out of range: use 1 to 14400 seconds")]
    [InlineData("""{"idleTimeoutSeconds": 14401}""", "idleTimeoutSeconds 14401 is out of range")]
    [InlineData("""{"policy": "never", "idleTimeoutSeconds": -5}""", "policy 'never' is not known: use fixed or adaptive, or leave it out to follow the platform's policy; idleTimeoutSeconds -5 is out of range")]
    [InlineData("""{"idleTimeoutSeconds": "ten"}""", "the body is not valid JSON for a keep-alive setting")]
    [InlineData("""{"keepAlive": "adaptive"}""", "the body is not valid JSON for a keep-alive setting")]
    [InlineData("not json", "the body is not valid JSON for a keep-alive setting")]
    [InlineData("null", "the body is null")]
    public async Task PutAsync_BadSetting_Answers400SayingWhatIsWrongAndChangesNothing(string body, string message)
    {
        await using var host = await NativeApiHost.StartAsync();
        host.Functions.Add("timer");

        using var put = await PutAsync(host, body, "timer");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var error = (await put.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!;
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var stored = await host.Functions.GetAsync(Tenants.Default, "timer", CancellationToken.None);
        Assert.Equal(KeepAliveConfig.Platform, stored!.KeepAlive);
    }

    [Fact]
    public async Task GetAndPut_UnknownFunction_Answer404()
    {
        await using var host = await NativeApiHost.StartAsync();

        var get = await host.GetErrorAsync(PathOf("nope"), HttpStatusCode.NotFound);
        using var put = await PutAsync(host, """{"policy": "adaptive"}""", "nope");

        Assert.Equal("there is no function 'nope'. List them with GET /_kumo/v1/functions or 'kumo functions ls'.", get.Message);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(get.Message, (await put.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!.Message);
    }

    [Fact]
    public async Task GetAsync_WhileStarting_Answers503()
    {
        await using var host = await NativeApiHost.StartAsync(ready: false);

        var error = await host.GetErrorAsync(PathOf("timer"), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("NotReady", error.Code);
    }

    private static Task<HttpResponseMessage> PutAsync(NativeApiHost host, string body, string name) =>
        host.Client.PutAsync(PathOf(name), new StringContent(body, Encoding.UTF8, "application/json"));
}
