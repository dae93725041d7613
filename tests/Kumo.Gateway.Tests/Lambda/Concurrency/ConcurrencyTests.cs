using System.Net;

namespace Kumo.Gateway.Tests.Lambda.Concurrency;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task FunctionConcurrency_PutGetDelete_RoundTrips()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var put = await server.Http.PutAsync("/2017-10-31/functions/hello/concurrency", LambdaRequests.Json("""{"ReservedConcurrentExecutions":5}"""));
        var putBody = await LambdaAssert.JsonAsync(put);
        using var get = await server.Http.GetAsync("/2019-09-30/functions/hello/concurrency");
        var getBody = await LambdaAssert.JsonAsync(get);
        using var delete = await server.Http.DeleteAsync("/2017-10-31/functions/hello/concurrency");
        using var getAfter = await server.Http.GetAsync("/2019-09-30/functions/hello/concurrency");
        var getAfterBody = await LambdaAssert.JsonAsync(getAfter);

        Assert.Equal(5, putBody.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(5, getBody.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.False(getAfterBody.TryGetProperty("ReservedConcurrentExecutions", out _));
        Assert.Null(server.Catalog.Find("hello")!.ReservedConcurrency);
    }

    [Fact]
    public async Task PutFunctionConcurrency_NoValue_Returns400()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.PutAsync("/2017-10-31/functions/hello/concurrency", LambdaRequests.Json("{}"));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Fact]
    public async Task GetFunctionConcurrency_Missing_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/2019-09-30/functions/nobody/concurrency");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }
}
