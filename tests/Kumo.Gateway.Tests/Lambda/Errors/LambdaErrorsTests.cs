using System.Net;

namespace Kumo.Gateway.Tests.Lambda.Errors;

public sealed class LambdaErrorsTests
{
    [Theory]
    [InlineData("GET", "/2015-03-31/functions/hello/aliases")]
    [InlineData("PATCH", "/2015-03-31/functions/hello")]
    [InlineData("GET", "/2018-10-31/layers")]
    public async Task UnknownOperation_UnderALambdaVersion_Returns404UnknownOperation(string method, string path)
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await server.Http.SendAsync(request);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "UnknownOperationException");
        Assert.Contains($"{method} {path}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_OutsideTheLambdaApi_LeftToTheGatewaysNotFound()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(LambdaAssert.Header(response, "x-amzn-ErrorType"));
        var body = await LambdaAssert.JsonAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("NotFound", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnexpectedFailure_Returns500ServiceException()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Failure = new InvalidOperationException("disk on fire");

        using var response = await server.Http.GetAsync("/2015-03-31/functions/hello");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "ServiceException", "Service");
        Assert.Contains(LambdaAssert.Header(response, "x-amzn-RequestId")!, message, StringComparison.Ordinal);
        Assert.DoesNotContain("disk on fire", message, StringComparison.Ordinal);
    }
}
