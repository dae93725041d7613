using System.Net;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda.Functions;

public sealed class GetFunctionTests
{
    [Fact]
    public async Task GetFunction_Existing_ReturnsConfigurationCodeLocationAndTags()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello") with { Tags = new Dictionary<string, string> { ["team"] = "kumo" } });

        using var response = await server.Http.GetAsync("/2015-03-31/functions/hello");

        var body = await LambdaAssert.JsonAsync(response);
        Assert.Equal("hello", body.GetProperty("Configuration").GetProperty("FunctionName").GetString());
        Assert.Equal("S3", body.GetProperty("Code").GetProperty("RepositoryType").GetString());
        Assert.Equal(new Uri(server.Address, "/_kumo/v1/functions/hello/code").ToString(), body.GetProperty("Code").GetProperty("Location").GetString());
        Assert.Equal("kumo", body.GetProperty("Tags").GetProperty("team").GetString());
        Assert.False(body.TryGetProperty("Concurrency", out _));
    }

    [Fact]
    public async Task GetFunction_ReservedConcurrency_ShowsConcurrency()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello") with { ReservedConcurrency = 5 });

        using var response = await server.Http.GetAsync("/2015-03-31/functions/hello");

        var body = await LambdaAssert.JsonAsync(response);
        Assert.Equal(5, body.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.False(body.TryGetProperty("Tags", out _));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("hello:$LATEST")]
    [InlineData("123456789012:function:hello")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello")]
    [InlineData("arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello")]
    public async Task GetFunctionConfiguration_AnyNameForm_ReturnsFunction(string name)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.GetAsync($"/2015-03-31/functions/{name}/configuration");

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal("hello", configuration.GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task GetFunctionConfiguration_Pending_ShowsCreatingReason()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("slow", FunctionState.Pending));

        using var response = await server.Http.GetAsync("/2015-03-31/functions/slow/configuration");

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal("Pending", configuration.GetProperty("State").GetString());
        Assert.Equal("Creating", configuration.GetProperty("StateReasonCode").GetString());
        Assert.Equal("InProgress", configuration.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Creating", configuration.GetProperty("LastUpdateStatusReasonCode").GetString());
    }

    [Fact]
    public async Task GetFunctionConfiguration_Failed_ShowsReasonAndCode()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("broken", FunctionState.Failed) with { StateReason = "the zip has no entries" });

        using var response = await server.Http.GetAsync("/2015-03-31/functions/broken/configuration");

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal("Failed", configuration.GetProperty("State").GetString());
        Assert.Equal("the zip has no entries", configuration.GetProperty("StateReason").GetString());
        Assert.Equal("InvalidZipFileException", configuration.GetProperty("StateReasonCode").GetString());
    }

    [Fact]
    public async Task GetFunction_Missing_Returns404NamingArn()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/2015-03-31/functions/nobody");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}nobody", message);
    }

    [Theory]
    [InlineData("/2015-03-31/functions/hello?Qualifier=1")]
    [InlineData("/2015-03-31/functions/hello:live/configuration")]
    [InlineData("/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:hello")]
    public async Task GetFunction_OtherVersionOrRegion_Returns404(string path)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.GetAsync(path);

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetFunction_MalformedName_Returns400()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/2015-03-31/functions/not%20a%20name");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }
}
