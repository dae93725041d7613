using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kumo.Gateway.Tests.Lambda.Functions;

public sealed class UpdateFunctionTests
{
    private static readonly byte[] NewZip = "PK-new-code"u8.ToArray();

    [Fact]
    public async Task UpdateFunctionCode_NewZip_ReturnsNewHashAndRevision()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var before = server.Catalog.Put(FunctionConfigurations.New("hello"));
        var body = new JsonObject { ["ZipFile"] = Convert.ToBase64String(NewZip), ["RevisionId"] = before.RevisionId };

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/code", LambdaRequests.Json(body));

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(NewZip)), configuration.GetProperty("CodeSha256").GetString());
        Assert.NotEqual(before.RevisionId, configuration.GetProperty("RevisionId").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_StaleRevision_Returns409()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));
        var body = new JsonObject { ["ZipFile"] = Convert.ToBase64String(NewZip), ["RevisionId"] = "stale" };

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/code", LambdaRequests.Json(body));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.Conflict, "ResourceConflictException");
    }

    [Fact]
    public async Task UpdateFunctionCode_DryRun_ChangesNothing()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var before = server.Catalog.Put(FunctionConfigurations.New("hello"));
        var body = new JsonObject { ["ZipFile"] = Convert.ToBase64String(NewZip), ["DryRun"] = true };

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/code", LambdaRequests.Json(body));

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal(before.RevisionId, configuration.GetProperty("RevisionId").GetString());
        Assert.Equal(before, server.Catalog.Find("hello"));
    }

    [Theory]
    [InlineData("""{"ZipFile":"UEs=","Publish":true}""", "versions are not supported yet")]
    [InlineData("""{"S3Bucket":"b","S3Key":"k"}""", "code from S3 buckets is not supported yet; pass ZipFile")]
    [InlineData("""{}""", "ZipFile is required")]
    public async Task UpdateFunctionCode_UnsupportedRequest_Returns400(string body, string expected)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/code", LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_Settings_ReachTheCatalog()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var before = server.Catalog.Put(FunctionConfigurations.New("hello") with { Environment = new Dictionary<string, string> { ["OLD"] = "1" } });
        var body = new JsonObject
        {
            ["MemorySize"] = 512,
            ["Timeout"] = 30,
            ["Handler"] = "main.handle",
            ["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["NEW"] = "2" } },
            ["EphemeralStorage"] = new JsonObject { ["Size"] = 2048 },
            ["RevisionId"] = before.RevisionId,
        };

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/configuration", LambdaRequests.Json(body));

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.Equal(512, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal(30, configuration.GetProperty("Timeout").GetInt32());
        Assert.Equal("main.handle", configuration.GetProperty("Handler").GetString());
        Assert.Equal(2048, configuration.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
        var variables = configuration.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("2", variables.GetProperty("NEW").GetString());
        Assert.False(variables.TryGetProperty("OLD", out _));
        var settings = server.Catalog.LastSettings!;
        Assert.Equal(before.RevisionId, settings.ExpectedRevisionId);
        Assert.Null(settings.Runtime);
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_EmptyEnvironment_ClearsVariables()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello") with { Environment = new Dictionary<string, string> { ["OLD"] = "1" } });

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello/configuration", LambdaRequests.Json("""{"Environment":{}}"""));

        var configuration = await LambdaAssert.JsonAsync(response);
        Assert.False(configuration.TryGetProperty("Environment", out _));
        Assert.Empty(server.Catalog.LastSettings!.Environment!);
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_QualifiedName_Returns400()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.PutAsync("/2015-03-31/functions/hello:live/configuration", LambdaRequests.Json("""{"Timeout":5}"""));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_Missing_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PutAsync("/2015-03-31/functions/nobody/configuration", LambdaRequests.Json("""{"Timeout":5}"""));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }
}
