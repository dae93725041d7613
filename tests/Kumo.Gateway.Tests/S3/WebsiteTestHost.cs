using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// <see cref="S3TestHost"/> with <c>UseKumoWebsites()</c> after <c>UseKumoS3()</c>, in the server's order, and a client
/// that does not follow redirects; requests go to the host a test names (null: the real address).
/// </summary>
public abstract class WebsiteTestHost : S3TestHost
{
    protected override bool FollowRedirects => false;

    protected override void UseGateway(WebApplication app)
    {
        app.UseKumoS3();
        app.UseKumoWebsites();
    }

    /// <summary>Sends a request to <paramref name="pathAndQuery"/> on <paramref name="host"/> (null: the real address).</summary>
    protected Task<HttpResponseMessage> VisitAsync(
        HttpMethod method, string pathAndQuery, string? host, Action<HttpRequestMessage>? configure = null, HttpContent? content = null) =>
        SendAsync(method, pathAndQuery, content, configure, host);

    /// <summary>Sets a bucket's website configuration through the S3 API (PutBucketWebsite) and checks that it was taken.</summary>
    protected async Task PutWebsiteAsync(string bucket, string configuration)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/{bucket}?website",
            new StringContent($"<WebsiteConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{configuration}</WebsiteConfiguration>", Encoding.UTF8));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
