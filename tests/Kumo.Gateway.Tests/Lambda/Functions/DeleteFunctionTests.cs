using System.Net;

namespace Kumo.Gateway.Tests.Lambda.Functions;

public sealed class DeleteFunctionTests
{
    [Fact]
    public async Task DeleteFunction_Existing_Returns204AndTheFunctionIsGone()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var deleted = await server.Http.DeleteAsync("/2015-03-31/functions/" + LambdaRequests.Arn + "hello");
        using var after = await server.Http.GetAsync("/2015-03-31/functions/hello");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(server.Catalog.Find("hello"));
        await LambdaAssert.ErrorAsync(after, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteFunction_Missing_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.DeleteAsync("/2015-03-31/functions/nobody");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteFunction_LatestQualifier_Returns400AndKeepsTheFunction()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.DeleteAsync("/2015-03-31/functions/hello?Qualifier=$LATEST");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.NotNull(server.Catalog.Find("hello"));
    }
}
