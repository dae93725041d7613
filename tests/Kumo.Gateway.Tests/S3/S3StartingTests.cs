using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>While Kumo is starting, S3 requests are refused with a 503 S3 clients retry; others pass through.</summary>
public sealed class S3StartingTests : S3TestHost
{
    protected override bool ReadyOnStart => false;

    [Fact]
    public async Task S3Request_WhileStarting_Answers503ServiceUnavailableWithRetryAfter()
    {
        using var response = await SendAsync(HttpMethod.Get, "/");

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.Contains("starting", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task OtherRequest_WhileStarting_PassesThrough()
    {
        using var response = await SendAsync(HttpMethod.Get, "/healthz", host: null);

        Assert.Equal("1", Header(response, PassedThroughHeader));
    }
}
