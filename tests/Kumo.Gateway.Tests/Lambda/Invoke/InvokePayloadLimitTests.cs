using System.Net;
using Kumo.Gateway.Lambda.Invoke;

namespace Kumo.Gateway.Tests.Lambda.Invoke;

public sealed class InvokePayloadLimitTests
{
    private const string Path = "/2015-03-31/functions/hello/invocations";

    [Fact]
    public async Task Invoke_PayloadOfExactly6Mb_IsInvoked()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync(Path, new ByteArrayContent(new byte[InvokeEndpoint.PayloadLimit]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InvokeEndpoint.PayloadLimit, Assert.Single(server.Invoker.Requests).Payload.Length);
    }

    [Fact]
    public async Task Invoke_ContentLengthOver6Mb_Returns413WithoutInvoking()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync(Path, new ByteArrayContent(new byte[InvokeEndpoint.PayloadLimit + 1]));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException");
        Assert.Contains("6291456", message, StringComparison.Ordinal);
        Assert.Empty(server.Invoker.Requests);
    }

    [Fact]
    public async Task Invoke_ChunkedPayloadOver6Mb_Returns413WithoutInvoking()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var content = new StreamContent(new MemoryStream(new byte[InvokeEndpoint.PayloadLimit + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException");
        Assert.Empty(server.Invoker.Requests);
    }
}
