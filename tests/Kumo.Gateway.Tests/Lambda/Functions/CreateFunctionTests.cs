using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kumo.Gateway.Lambda.Requests;

namespace Kumo.Gateway.Tests.Lambda.Functions;

public sealed class CreateFunctionTests
{
    [Fact]
    public async Task CreateFunction_EverySetting_Returns201WithAwsConfiguration()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("hello");
        body["Description"] = "says hello";
        body["Timeout"] = 10;
        body["MemorySize"] = 256;
        body["Publish"] = false;
        body["PackageType"] = "Zip";
        body["Architectures"] = new JsonArray("x86_64");
        body["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["GREETING"] = "hi" } };
        body["EphemeralStorage"] = new JsonObject { ["Size"] = 1024 };
        body["Tags"] = new JsonObject { ["team"] = "kumo" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions") { Content = LambdaRequests.Json(body) };
        // A signed request is accepted; the signature is not checked.
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "AWS4-HMAC-SHA256", "Credential=AKID/20240102/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00");

        using var response = await server.Http.SendAsync(request);

        var configuration = await LambdaAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(LambdaAssert.Header(response, "x-amzn-RequestId")));
        Assert.Equal("hello", configuration.GetProperty("FunctionName").GetString());
        Assert.Equal(LambdaRequests.Arn + "hello", configuration.GetProperty("FunctionArn").GetString());
        Assert.Equal("python3.12", configuration.GetProperty("Runtime").GetString());
        Assert.Equal("app.handler", configuration.GetProperty("Handler").GetString());
        Assert.Equal("arn:aws:iam::123456789012:role/lambda", configuration.GetProperty("Role").GetString());
        Assert.Equal("says hello", configuration.GetProperty("Description").GetString());
        Assert.Equal(10, configuration.GetProperty("Timeout").GetInt32());
        Assert.Equal(256, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal(LambdaRequests.Zip.Length, configuration.GetProperty("CodeSize").GetInt64());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(LambdaRequests.Zip)), configuration.GetProperty("CodeSha256").GetString());
        Assert.Equal("2024-01-02T03:04:05.000+0000", configuration.GetProperty("LastModified").GetString());
        Assert.Equal("$LATEST", configuration.GetProperty("Version").GetString());
        Assert.Equal("hi", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
        Assert.Equal("PassThrough", configuration.GetProperty("TracingConfig").GetProperty("Mode").GetString());
        Assert.Equal(server.Catalog.Find("hello")!.RevisionId, configuration.GetProperty("RevisionId").GetString());
        Assert.Equal("Active", configuration.GetProperty("State").GetString());
        Assert.False(configuration.TryGetProperty("StateReasonCode", out _));
        Assert.Equal("Successful", configuration.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Zip", configuration.GetProperty("PackageType").GetString());
        Assert.Equal("x86_64", configuration.GetProperty("Architectures")[0].GetString());
        Assert.Equal(1024, configuration.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());

        var created = server.Catalog.LastCreated!;
        Assert.Equal(LambdaRequests.Zip, created.ZipFile.ToArray());
        Assert.Equal("kumo", created.Tags["team"]);
        Assert.Equal(1024, created.Settings.EphemeralStorageMb);
    }

    [Fact]
    public async Task CreateFunction_NoEnvironment_LeavesEnvironmentOut()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(LambdaRequests.CreateFunction("plain")));

        var configuration = await LambdaAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.False(configuration.TryGetProperty("Environment", out _));
    }

    [Fact]
    public async Task CreateFunction_ExistingName_Returns409ResourceConflict()
    {
        await using var server = await LambdaTestServer.StartAsync();
        await server.CreateAsync("twice");

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(LambdaRequests.CreateFunction("twice")));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.Conflict, "ResourceConflictException");
        Assert.Contains("twice", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_CodeFromS3_Returns400AskingForZipFile()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("s3");
        body["Code"] = new JsonObject { ["S3Bucket"] = "bucket", ["S3Key"] = "code.zip" };

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("code from S3 buckets is not supported yet; pass Code.ZipFile", message, StringComparison.Ordinal);
        Assert.Null(server.Catalog.LastCreated);
    }

    [Fact]
    public async Task CreateFunction_ImagePublishAndArm64_Returns400NamingEach()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("unsupported");
        body["PackageType"] = "Image";
        body["Publish"] = true;
        body["Architectures"] = new JsonArray("arm64");

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("PackageType Image", message, StringComparison.Ordinal);
        Assert.Contains("versions are not supported yet", message, StringComparison.Ordinal);
        Assert.Contains("x86_64", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_MissingRuntimeAndCode_Returns400NamingBoth()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json("""{"FunctionName":"bare"}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("Runtime and Handler", message, StringComparison.Ordinal);
        Assert.Contains("Code.ZipFile is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"FunctionName":"f","Timeout":"ten"}""", "Timeout")]
    [InlineData("""{"FunctionName":"f","Code":{"ZipFile":"not base64!"}}""", "Code.ZipFile")]
    [InlineData("""{"FunctionName":"f","Tags":{"team":7}}""", "Tags.team")]
    public async Task CreateFunction_FieldOfWrongType_Returns400InvalidRequestContentNamingField(string body, string field)
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContentException");
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"FunctionName":""")]
    [InlineData("")]
    [InlineData("null")]
    public async Task CreateFunction_NotAJsonObject_Returns400InvalidRequestContent(string body)
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContentException");
    }

    [Fact]
    public async Task CreateFunction_CatalogRefusesRuntime_Returns400InvalidParameter()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("old");
        body["Runtime"] = FakeFunctionCatalog.UnknownRuntime;

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains(FakeFunctionCatalog.UnknownRuntime, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_CatalogFindsCodeTooLarge_Returns400CodeStorageExceeded()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("big", new byte[FakeFunctionCatalog.MaxZipBytes + 1]);

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CodeStorageExceededException");
    }

    [Fact]
    public async Task CreateFunction_NameOfOtherRegion_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();
        var body = LambdaRequests.CreateFunction("arn:aws:lambda:eu-west-1:123456789012:function:elsewhere");

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateFunction_BodyLargerThanKestrelsDefaultLimit_IsRead()
    {
        await using var server = await LambdaTestServer.StartAsync();
        // 31 MB of base64: past Kestrel's 30,000,000-byte default, within Lambda's limit.
        var body = LambdaRequests.CreateFunction("large", new byte[23 * 1024 * 1024]);

        using var response = await server.Http.PostAsync("/2015-03-31/functions", LambdaRequests.Json(body));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CodeStorageExceededException");
        Assert.Equal(23 * 1024 * 1024, server.Catalog.LastCreated!.ZipFile.Length);
    }

    [Fact]
    public async Task CreateFunction_BodyOverLambdasLimit_Returns413()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var content = new StreamContent(new MemoryStream(new byte[LambdaJsonBody.CodeLimit + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException");
        Assert.Contains("CreateFunction", message, StringComparison.Ordinal);
        Assert.Null(server.Catalog.LastCreated);
    }
}
