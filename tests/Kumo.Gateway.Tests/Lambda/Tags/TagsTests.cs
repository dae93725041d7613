using System.Net;
using System.Text.Json;

namespace Kumo.Gateway.Tests.Lambda.Tags;

public sealed class TagsTests
{
    private static readonly string EncodedArn = Uri.EscapeDataString(LambdaRequests.Arn + "hello");

    [Fact]
    public async Task Tags_TagListUntag_RoundTrips()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var tag = await server.Http.PostAsync($"/2017-03-31/tags/{EncodedArn}", LambdaRequests.Json("""{"Tags":{"team":"kumo","stage":"dev","cost":"1"}}"""));
        using var untag = await server.Http.DeleteAsync($"/2017-03-31/tags/{EncodedArn}?tagKeys=stage&tagKeys=cost");
        using var list = await server.Http.GetAsync($"/2017-03-31/tags/{EncodedArn}");

        Assert.Equal(HttpStatusCode.NoContent, tag.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, untag.StatusCode);
        var tags = (await LambdaAssert.JsonAsync(list)).GetProperty("Tags");
        Assert.Equal("kumo", tags.GetProperty("team").GetString());
        Assert.Single(tags.EnumerateObject());
    }

    [Fact]
    public async Task ListTags_NoTags_ReturnsEmptyObject()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.GetAsync($"/2017-03-31/tags/{EncodedArn}");

        var tags = (await LambdaAssert.JsonAsync(response)).GetProperty("Tags");
        Assert.Equal(JsonValueKind.Object, tags.ValueKind);
        Assert.Empty(tags.EnumerateObject());
    }

    [Theory]
    [InlineData("hello", HttpStatusCode.BadRequest, "InvalidParameterValueException")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello:live", HttpStatusCode.BadRequest, "InvalidParameterValueException")]
    [InlineData("arn:aws:lambda:us-east-1:999999999999:function:hello", HttpStatusCode.NotFound, "ResourceNotFoundException")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:nobody", HttpStatusCode.NotFound, "ResourceNotFoundException")]
    public async Task ListTags_NotAFunctionOfThisAccount_ReturnsError(string arn, HttpStatusCode status, string type)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.GetAsync($"/2017-03-31/tags/{Uri.EscapeDataString(arn)}");

        await LambdaAssert.ErrorAsync(response, status, type);
    }

    [Fact]
    public async Task UntagResource_NoKeys_Returns400()
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));

        using var response = await server.Http.DeleteAsync($"/2017-03-31/tags/{EncodedArn}");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Fact]
    public async Task TagResource_MissingFunction_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.PostAsync($"/2017-03-31/tags/{EncodedArn}", LambdaRequests.Json("""{"Tags":{"a":"b"}}"""));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
    }
}
