using System.Net;

namespace Kumo.Gateway.Tests.S3;

/// <summary>A website while Kumo is still starting: 503 with <c>Retry-After</c>, as an HTML page.</summary>
public sealed class WebsiteStartingTests : WebsiteTestHost
{
    protected override bool ReadyOnStart => false;

    [Theory]
    [InlineData("/", "site.s3-website.localhost")]
    [InlineData("/_kumo/site/site/", null)]
    public async Task Get_WhileStarting_Is503WithRetryAfter(string path, string? host)
    {
        using var response = await VisitAsync(HttpMethod.Get, path, host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", Header(response, "Retry-After"));
        Assert.Contains("<li>Code: ServiceUnavailable</li>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
