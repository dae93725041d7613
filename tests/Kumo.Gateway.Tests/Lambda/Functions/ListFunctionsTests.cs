using System.Net;
using System.Text.Json;

namespace Kumo.Gateway.Tests.Lambda.Functions;

public sealed class ListFunctionsTests
{
    [Fact]
    public async Task ListFunctions_PagesByMarker_VisitsEachFunctionOnceInOrder()
    {
        await using var server = await LambdaTestServer.StartAsync();
        foreach (var name in new[] { "e", "c", "a", "d", "b" })
        {
            server.Catalog.Put(FunctionConfigurations.New(name));
        }

        var seen = new List<string>();
        var pages = 0;
        string? marker = null;
        do
        {
            var query = marker is null ? "?MaxItems=2" : $"?MaxItems=2&Marker={Uri.EscapeDataString(marker)}";
            using var response = await server.Http.GetAsync("/2015-03-31/functions/" + query);
            var page = await LambdaAssert.JsonAsync(response);
            seen.AddRange(page.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!));
            marker = page.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("/2015-03-31/functions/")]
    [InlineData("/2015-03-31/functions")]
    public async Task ListFunctions_WithOrWithoutSlash_ListsInPagesOf50(string path)
    {
        await using var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("only"));

        using var response = await server.Http.GetAsync(path);

        var page = await LambdaAssert.JsonAsync(response);
        Assert.Equal(JsonValueKind.Array, page.GetProperty("Functions").ValueKind);
        Assert.Equal("only", page.GetProperty("Functions")[0].GetProperty("FunctionName").GetString());
        Assert.False(page.TryGetProperty("NextMarker", out _));
        Assert.Equal(50, server.Catalog.LastPageSize);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task ListFunctions_MaxItemsOutOfRange_Returns400(string maxItems)
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync($"/2015-03-31/functions/?MaxItems={maxItems}");

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Null(server.Catalog.LastPageSize);
    }
}
