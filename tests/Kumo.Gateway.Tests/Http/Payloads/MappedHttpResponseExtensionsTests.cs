using System.Text;
using Kumo.Gateway.Http.Payloads;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Tests.Http.Payloads;

public sealed class MappedHttpResponseExtensionsTests
{
    private static async Task<(HttpResponse Response, string Body)> WriteAsync(MappedHttpResponse mapped)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await mapped.WriteAsync(context.Response, CancellationToken.None);
        return (context.Response, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_Response_SetsStatusEveryHeaderValueAndBody()
    {
        var mapped = new MappedHttpResponse
        {
            StatusCode = 201,
            Headers = [new("Content-Type", "text/plain"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2")],
            Body = Encoding.UTF8.GetBytes("created"),
        };

        var (response, body) = await WriteAsync(mapped);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("text/plain", response.ContentType);
        Assert.Equal(new[] { "a=1", "b=2" }, response.Headers.SetCookie.ToArray());
        Assert.Equal(7, response.ContentLength);
        Assert.Equal("created", body);
    }

    [Fact]
    public async Task WriteAsync_ConnectionHeaders_AreSkipped()
    {
        var mapped = new MappedHttpResponse
        {
            StatusCode = 200,
            Headers =
            [
                new("Connection", "close"), new("transfer-encoding", "chunked"), new("Keep-Alive", "timeout=5"),
                new("Upgrade", "h2c"), new("Content-Length", "999"), new("X-Kept", "yes"),
            ],
            Body = Encoding.UTF8.GetBytes("ok"),
        };

        var (response, _) = await WriteAsync(mapped);

        Assert.Equal("yes", response.Headers["X-Kept"].ToString());
        Assert.False(response.Headers.ContainsKey("Connection"));
        Assert.False(response.Headers.ContainsKey("Transfer-Encoding"));
        Assert.False(response.Headers.ContainsKey("Keep-Alive"));
        Assert.False(response.Headers.ContainsKey("Upgrade"));
        Assert.Equal(2, response.ContentLength);
    }

    [Fact]
    public async Task WriteAsync_NoContentStatus_WritesNoBody()
    {
        var mapped = new MappedHttpResponse { StatusCode = 204, Body = Encoding.UTF8.GetBytes("ignored") };

        var (response, body) = await WriteAsync(mapped);

        Assert.Equal(204, response.StatusCode);
        Assert.Equal("", body);
        Assert.Null(response.ContentLength);
    }
}
