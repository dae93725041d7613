using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Gateway.Tests.Lambda.EventInvokeConfig;

public sealed class EventInvokeConfigTests
{
    private const string Path = "/2019-09-25/functions/hello/event-invoke-config";
    private const string Dlq = LambdaRequests.Arn + "dlq";

    [Fact]
    public async Task PutFunctionEventInvokeConfig_FullBody_ReturnsConfigAsAws()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PutAsync(Path, LambdaRequests.Json(
            WithArns("""{"MaximumRetryAttempts":1,"MaximumEventAgeInSeconds":120,"DestinationConfig":{"OnFailure":{"Destination":"@dlq"}}}""")));
        var body = await LambdaAssert.JsonAsync(response);

        AssertJson(
            WithArns("""
            {"LastModified":1700000000.25,"FunctionArn":"@hello:$LATEST","MaximumRetryAttempts":1,
             "MaximumEventAgeInSeconds":120,"DestinationConfig":{"OnSuccess":{},"OnFailure":{"Destination":"@dlq"}}}
            """),
            body);
        Assert.Equal(JsonValueKind.Number, body.GetProperty("LastModified").ValueKind);
        Assert.Null(server.EventInvokeConfigs.LastQualifier);
        Assert.Equal(Dlq, server.EventInvokeConfigs.LastChange!.OnFailureDestination);
        Assert.Null(server.EventInvokeConfigs.LastChange.OnSuccessDestination);
    }

    [Fact]
    public async Task EventInvokeConfig_PutUpdateGetDelete_RoundTrips()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var put = await server.Http.PutAsync(Path, LambdaRequests.Json("""{"MaximumRetryAttempts":0}"""));
        var putBody = await LambdaAssert.JsonAsync(put);
        using var update = await server.Http.PostAsync(Path, LambdaRequests.Json(
            WithArns("""{"MaximumEventAgeInSeconds":60,"DestinationConfig":{"OnSuccess":{"Destination":"@audit"}}}""")));
        var updateBody = await LambdaAssert.JsonAsync(update);
        using var get = await server.Http.GetAsync(Path + "?Qualifier=$LATEST");
        var getBody = await LambdaAssert.JsonAsync(get);
        using var delete = await server.Http.DeleteAsync(Path);
        using var getAfter = await server.Http.GetAsync(Path);

        AssertJson(
            WithArns("""{"LastModified":1700000000.25,"FunctionArn":"@hello:$LATEST","MaximumRetryAttempts":0,"DestinationConfig":{"OnSuccess":{},"OnFailure":{}}}"""),
            putBody);
        var expected = WithArns("""
            {"LastModified":1700000000.25,"FunctionArn":"@hello:$LATEST","MaximumRetryAttempts":0,
             "MaximumEventAgeInSeconds":60,"DestinationConfig":{"OnSuccess":{"Destination":"@audit"},"OnFailure":{}}}
            """);
        AssertJson(expected, updateBody);
        AssertJson(expected, getBody);
        Assert.Null(server.EventInvokeConfigs.LastQualifier);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await LambdaAssert.ErrorAsync(getAfter, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateFunctionEventInvokeConfig_EmptyDestination_RemovesIt()
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var put = await server.Http.PutAsync(Path, LambdaRequests.Json(
            WithArns("""{"DestinationConfig":{"OnSuccess":{"Destination":"@audit"},"OnFailure":{"Destination":"@dlq"}}}""")));
        await LambdaAssert.JsonAsync(put);

        using var update = await server.Http.PostAsync(Path, LambdaRequests.Json("""{"DestinationConfig":{"OnSuccess":{"Destination":""}}}"""));
        var body = await LambdaAssert.JsonAsync(update);

        Assert.Equal("", server.EventInvokeConfigs.LastChange!.OnSuccessDestination);
        Assert.Null(server.EventInvokeConfigs.LastChange.OnFailureDestination);
        AssertJson(WithArns("""{"OnSuccess":{},"OnFailure":{"Destination":"@dlq"}}"""), body.GetProperty("DestinationConfig"));
    }

    [Fact]
    public async Task PutFunctionEventInvokeConfig_Qualifier_IsPassedThroughAndQualifiesTheArn()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PutAsync(Path + "?Qualifier=prod", LambdaRequests.Json("{}"));
        var body = await LambdaAssert.JsonAsync(response);

        Assert.Equal("prod", server.EventInvokeConfigs.LastQualifier);
        Assert.Equal(LambdaRequests.Arn + "hello:prod", body.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task GetFunctionEventInvokeConfig_None_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var get = await server.Http.GetAsync(Path);
        using var delete = await server.Http.DeleteAsync(Path);

        var message = await LambdaAssert.ErrorAsync(get, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Contains("hello", message, StringComparison.Ordinal);
        await LambdaAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Theory]
    [InlineData("""{"MaximumRetryAttempts":"two"}""", "MaximumRetryAttempts")]
    [InlineData("""{"DestinationConfig":{"OnFailure":{"Destination":5}}}""", "DestinationConfig.OnFailure.Destination")]
    [InlineData("""{"DestinationConfig":"dlq"}""", "DestinationConfig")]
    public async Task PutFunctionEventInvokeConfig_WrongType_Returns400NamingTheField(string json, string field)
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var put = await server.Http.PutAsync(Path, LambdaRequests.Json(json));
        using var update = await server.Http.PostAsync(Path, LambdaRequests.Json(json));

        var message = await LambdaAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "InvalidRequestContentException");
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
        await LambdaAssert.ErrorAsync(update, HttpStatusCode.BadRequest, "InvalidRequestContentException");
        Assert.Null(server.EventInvokeConfigs.LastChange);
    }

    [Fact]
    public async Task ListFunctionEventInvokeConfigs_MaxItems_PagesWithMarker()
    {
        await using var server = await LambdaTestServer.StartAsync();
        foreach (var qualifier in new[] { "$LATEST", "1", "2" })
        {
            using var put = await server.Http.PutAsync($"{Path}?Qualifier={qualifier}", LambdaRequests.Json("""{"MaximumRetryAttempts":2}"""));
            await LambdaAssert.JsonAsync(put);
        }

        using var first = await server.Http.GetAsync(Path + "/list?MaxItems=2");
        var firstBody = await LambdaAssert.JsonAsync(first);
        var marker = firstBody.GetProperty("NextMarker").GetString();
        using var second = await server.Http.GetAsync($"{Path}/list?MaxItems=2&Marker={Uri.EscapeDataString(marker!)}");
        var secondBody = await LambdaAssert.JsonAsync(second);

        Assert.Equal([LambdaRequests.Arn + "hello:$LATEST", LambdaRequests.Arn + "hello:1"], Arns(firstBody));
        Assert.Equal([LambdaRequests.Arn + "hello:2"], Arns(secondBody));
        Assert.False(secondBody.TryGetProperty("NextMarker", out _));
        AssertJson(
            WithArns("""{"LastModified":1700000000.25,"FunctionArn":"@hello:2","MaximumRetryAttempts":2,"DestinationConfig":{"OnSuccess":{},"OnFailure":{}}}"""),
            secondBody.GetProperty("FunctionEventInvokeConfigs")[0]);
    }

    [Fact]
    public async Task ListFunctionEventInvokeConfigs_None_ReturnsEmptyList()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync(Path + "/list");
        var body = await LambdaAssert.JsonAsync(response);

        AssertJson("""{"FunctionEventInvokeConfigs":[]}""", body);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("ten")]
    public async Task ListFunctionEventInvokeConfigs_BadMaxItems_Returns400(string maxItems)
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync($"{Path}/list?MaxItems={maxItems}");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Fact]
    public async Task ListFunctionEventInvokeConfigs_QualifiedName_Returns400()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/2019-09-25/functions/hello:1/event-invoke-config/list");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    /// <summary>The JSON with each <c>@</c> standing for the function ARN prefix.</summary>
    private static string WithArns(string json) => json.Replace("@", LambdaRequests.Arn, StringComparison.Ordinal);

    private static string[] Arns(JsonElement list) =>
        [.. list.GetProperty("FunctionEventInvokeConfigs").EnumerateArray().Select(config => config.GetProperty("FunctionArn").GetString() ?? "")];

    private static void AssertJson(string expected, JsonElement actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())),
            $"expected {expected}, got {actual.GetRawText()}");
}
