using System.Net;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda.Concurrency;

public sealed class ProvisionedConcurrencyListTests
{
    private const string List = "/2019-09-30/functions/hello/provisioned-concurrency?List=ALL";

    private static async Task<LambdaTestServer> StartWithSettingsAsync(params string[] qualifiers)
    {
        var server = await LambdaTestServer.StartAsync();
        server.Catalog.Put(FunctionConfigurations.New("hello"));
        foreach (var qualifier in qualifiers)
        {
            server.ProvisionedConcurrency.Seed(new ProvisionedConcurrencyConfig
            {
                TenantId = Tenants.Default,
                FunctionName = "hello",
                Qualifier = qualifier,
                Requested = 2,
                Allocated = 2,
                Available = 1,
                LastModified = FakeFunctionCatalog.Now,
            });
        }

        return server;
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_OneSetting_ReturnsItWithItsQualifiedArn()
    {
        await using var server = await StartWithSettingsAsync("$LATEST");

        using var response = await server.Http.GetAsync(List);
        var body = await LambdaAssert.JsonAsync(response);

        ProvisionedConcurrencyTests.AssertJson(
            $$"""{"ProvisionedConcurrencyConfigs":[{"FunctionArn":"{{LambdaRequests.Arn}}hello:$LATEST","RequestedProvisionedConcurrentExecutions":2,"AvailableProvisionedConcurrentExecutions":1,"AllocatedProvisionedConcurrentExecutions":2,"Status":"IN_PROGRESS","LastModified":"2024-01-02T03:04:05.000+0000"}]}""",
            body);
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_NoSettings_ReturnsAnEmptyList()
    {
        await using var server = await StartWithSettingsAsync();

        using var response = await server.Http.GetAsync(List);
        var body = await LambdaAssert.JsonAsync(response);

        Assert.Equal("""{"ProvisionedConcurrencyConfigs":[]}""", body.GetRawText());
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_MaxItems_PagesInQualifierOrderWithMarkers()
    {
        await using var server = await StartWithSettingsAsync("live", "$LATEST", "2", "10", "blue");

        var seen = new List<string>();
        var markers = new List<string?>();
        string? marker = null;
        do
        {
            var query = marker is null ? "" : "&Marker=" + Uri.EscapeDataString(marker);
            using var response = await server.Http.GetAsync($"{List}&MaxItems=2{query}");
            var body = await LambdaAssert.JsonAsync(response);
            var page = body.GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray().Select(item => item.GetProperty("FunctionArn").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page.Select(arn => arn[(arn.LastIndexOf(':') + 1)..]));
            marker = body.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
            markers.Add(marker);
        }
        while (marker is not null);

        Assert.Equal(["$LATEST", "10", "2", "blue", "live"], seen);
        Assert.Equal(["10", "blue", null], markers);
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_FunctionArn_ListsTheFunction()
    {
        await using var server = await StartWithSettingsAsync("$LATEST");

        using var response = await server.Http.GetAsync(
            $"/2019-09-30/functions/{Uri.EscapeDataString(LambdaRequests.Arn + "hello")}/provisioned-concurrency?List=ALL");
        var body = await LambdaAssert.JsonAsync(response);

        Assert.Single(body.GetProperty("ProvisionedConcurrencyConfigs").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("ten")]
    public async Task ListProvisionedConcurrencyConfigs_MaxItemsOutOfRange_Returns400(string maxItems)
    {
        await using var server = await StartWithSettingsAsync("$LATEST");

        using var response = await server.Http.GetAsync($"{List}&MaxItems={maxItems}");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("from 1 to 50", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_UnknownFunction_Returns404()
    {
        await using var server = await LambdaTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/2019-09-30/functions/nobody/provisioned-concurrency?List=ALL");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}nobody", message);
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_WithAQualifier_Returns400()
    {
        await using var server = await StartWithSettingsAsync("$LATEST");

        using var response = await server.Http.GetAsync(List + "&Qualifier=$LATEST");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("takes no Qualifier", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListProvisionedConcurrencyConfigs_ListOtherThanAll_Returns400()
    {
        await using var server = await StartWithSettingsAsync("$LATEST");

        using var response = await server.Http.GetAsync("/2019-09-30/functions/hello/provisioned-concurrency?List=SOME");

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("List=ALL", message, StringComparison.Ordinal);
    }
}
