using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda.Concurrency;

public sealed class ProvisionedConcurrencyTests
{
    private const string Path = "/2019-09-30/functions/hello/provisioned-concurrency";
    private const string Latest = "?Qualifier=$LATEST";

    private static StringContent Body(int n) => LambdaRequests.Json($$"""{"ProvisionedConcurrentExecutions":{{n}}}""");

    private static async Task<LambdaTestServer> StartWithFunctionAsync(Func<FunctionConfiguration, FunctionConfiguration>? change = null)
    {
        var server = await LambdaTestServer.StartAsync();
        var function = FunctionConfigurations.New("hello");
        server.Catalog.Put(change is null ? function : change(function));
        return server;
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_Latest_Returns202InProgressAndTellsTheWorker()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync(Path + Latest, Body(3));
        var body = await LambdaAssert.JsonAsync(response, HttpStatusCode.Accepted);

        AssertJson(
            """{"RequestedProvisionedConcurrentExecutions":3,"AvailableProvisionedConcurrentExecutions":0,"AllocatedProvisionedConcurrentExecutions":0,"Status":"IN_PROGRESS","LastModified":"2024-01-02T03:04:05.000+0000"}""",
            body);
        var stored = await server.ProvisionedConcurrency.GetAsync(Tenants.Default, "hello", "$LATEST", CancellationToken.None);
        Assert.Equal(3, stored!.Requested);
        Assert.Equal(FakeFunctionCatalog.Now, stored.LastModified);
        Assert.Equal(1, server.ProvisionedConcurrencySignal.Changes);
    }

    [Fact]
    public async Task GetProvisionedConcurrencyConfig_AfterTheWorkerReported_ReturnsItsCounts()
    {
        await using var server = await StartWithFunctionAsync();
        using var put = await server.Http.PutAsync(Path + Latest, Body(2));
        var putAt = (await server.ProvisionedConcurrency.GetAsync(Tenants.Default, "hello", "$LATEST", CancellationToken.None))!.LastModified;
        await server.ProvisionedConcurrency.UpdateStatusAsync(
            Tenants.Default, "hello", "$LATEST", putAt, 2, 2, ProvisionedConcurrencyStatus.Ready, null, CancellationToken.None);

        using var response = await server.Http.GetAsync(Path + Latest);
        var body = await LambdaAssert.JsonAsync(response);

        AssertJson(
            """{"RequestedProvisionedConcurrentExecutions":2,"AvailableProvisionedConcurrentExecutions":2,"AllocatedProvisionedConcurrentExecutions":2,"Status":"READY","LastModified":"2024-01-02T03:04:05.000+0000"}""",
            body);
    }

    [Fact]
    public async Task GetProvisionedConcurrencyConfig_Failed_ReturnsTheReason()
    {
        await using var server = await StartWithFunctionAsync();
        server.ProvisionedConcurrency.Seed(Config("$LATEST") with
        {
            Allocated = 1,
            Status = ProvisionedConcurrencyStatus.Failed,
            StatusReason = "the handler failed to initialise",
        });

        using var response = await server.Http.GetAsync(Path + Latest);
        var body = await LambdaAssert.JsonAsync(response);

        Assert.Equal("FAILED", body.GetProperty("Status").GetString());
        Assert.Equal("the handler failed to initialise", body.GetProperty("StatusReason").GetString());
        Assert.Equal(1, body.GetProperty("AllocatedProvisionedConcurrentExecutions").GetInt32());
    }

    [Fact]
    public async Task GetProvisionedConcurrencyConfig_NoneSet_Returns404ConfigNotFound()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.GetAsync(Path + Latest);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ProvisionedConcurrencyConfigNotFoundException");
        Assert.Equal("No Provisioned Concurrency Config found for this function", message);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_Again_ReplacesTheCountAndGoesBackToInProgress()
    {
        await using var server = await StartWithFunctionAsync();
        server.ProvisionedConcurrency.Seed(Config("$LATEST") with { Requested = 2, Allocated = 2, Available = 2, Status = ProvisionedConcurrencyStatus.Ready });
        server.Clock.Advance(TimeSpan.FromSeconds(90));

        using var response = await server.Http.PutAsync(Path + Latest, Body(5));
        var body = await LambdaAssert.JsonAsync(response, HttpStatusCode.Accepted);

        Assert.Equal(5, body.GetProperty("RequestedProvisionedConcurrentExecutions").GetInt32());
        Assert.Equal(2, body.GetProperty("AvailableProvisionedConcurrentExecutions").GetInt32());
        Assert.Equal("IN_PROGRESS", body.GetProperty("Status").GetString());
        Assert.Equal("2024-01-02T03:05:35.000+0000", body.GetProperty("LastModified").GetString());
    }

    [Fact]
    public async Task DeleteProvisionedConcurrencyConfig_Set_Returns204RemovesItAndTellsTheWorker()
    {
        await using var server = await StartWithFunctionAsync();
        using var put = await server.Http.PutAsync(Path + Latest, Body(1));

        using var delete = await server.Http.DeleteAsync(Path + Latest);
        using var get = await server.Http.GetAsync(Path + Latest);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await delete.Content.ReadAsByteArrayAsync());
        await LambdaAssert.ErrorAsync(get, HttpStatusCode.NotFound, "ProvisionedConcurrencyConfigNotFoundException");
        Assert.Equal(2, server.ProvisionedConcurrencySignal.Changes);
    }

    [Fact]
    public async Task DeleteProvisionedConcurrencyConfig_NoneSet_Returns204WithoutTellingTheWorker()
    {
        await using var server = await StartWithFunctionAsync();

        using var delete = await server.Http.DeleteAsync(Path + Latest);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(0, server.ProvisionedConcurrencySignal.Changes);
    }

    [Fact]
    public async Task DeleteFunction_WithASetting_TellsTheWorker()
    {
        await using var server = await StartWithFunctionAsync();

        using var delete = await server.Http.DeleteAsync("/2015-03-31/functions/hello");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(1, server.ProvisionedConcurrencySignal.Changes);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello", "?Qualifier=$LATEST")]
    [InlineData("123456789012:function:hello", "?Qualifier=$LATEST")]
    [InlineData("hello:$LATEST", "")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello:$LATEST", "?Qualifier=$LATEST")]
    public async Task PutProvisionedConcurrencyConfig_NameAsArnOrQualified_SetsTheFunctionsLatest(string name, string query)
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync($"/2019-09-30/functions/{Uri.EscapeDataString(name)}/provisioned-concurrency{query}", Body(1));

        await LambdaAssert.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.NotNull(await server.ProvisionedConcurrency.GetAsync(Tenants.Default, "hello", "$LATEST", CancellationToken.None));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task ProvisionedConcurrencyConfig_PublishedVersionOrAlias_Returns404SayingVersionsAreNotPublished(string method)
    {
        await using var server = await StartWithFunctionAsync();

        foreach (var qualifier in new[] { "1", "live" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{Path}?Qualifier={qualifier}") { Content = method == "PUT" ? Body(1) : null };
            using var response = await server.Http.SendAsync(request);

            var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
            Assert.Contains($"{LambdaRequests.Arn}hello:{qualifier}", message, StringComparison.Ordinal);
            Assert.Contains("does not publish versions", message, StringComparison.Ordinal);
        }

        Assert.Empty(await server.ProvisionedConcurrency.ListAllAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task ProvisionedConcurrencyConfig_NoQualifier_Returns400(string method)
    {
        await using var server = await StartWithFunctionAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), Path) { Content = method == "PUT" ? Body(1) : null };

        using var response = await server.Http.SendAsync(request);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("Qualifier=$LATEST", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task ProvisionedConcurrencyConfig_UnknownFunction_Returns404FunctionNotFound(string method)
    {
        await using var server = await LambdaTestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), "/2019-09-30/functions/nobody/provisioned-concurrency" + Latest)
        {
            Content = method == "PUT" ? Body(1) : null,
        };

        using var response = await server.Http.SendAsync(request);

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Equal($"Function not found: {LambdaRequests.Arn}nobody:$LATEST", message);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_QualifierDisagreesWithTheName_Returns400()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync("/2019-09-30/functions/hello:live/provisioned-concurrency" + Latest, Body(1));

        await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public async Task PutProvisionedConcurrencyConfig_LessThanOne_Returns400(string n)
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync(Path + Latest, LambdaRequests.Json($$"""{"ProvisionedConcurrentExecutions":{{n}}}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains($"Value '{n}' at 'provisionedConcurrentExecutions'", message, StringComparison.Ordinal);
        Assert.Contains("greater than or equal to 1", message, StringComparison.Ordinal);
        Assert.Empty(await server.ProvisionedConcurrency.ListAllAsync(CancellationToken.None));
        Assert.Equal(0, server.ProvisionedConcurrencySignal.Changes);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_NoCount_Returns400()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync(Path + Latest, LambdaRequests.Json("{}"));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("ProvisionedConcurrentExecutions is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_CountNotANumber_Returns400InvalidRequestContent()
    {
        await using var server = await StartWithFunctionAsync();

        using var response = await server.Http.PutAsync(Path + Latest, LambdaRequests.Json("""{"ProvisionedConcurrentExecutions":"many"}"""));

        var message = await LambdaAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequestContentException");
        Assert.Contains("ProvisionedConcurrentExecutions", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_MoreThanReserved_Returns400WithLambdasMessage()
    {
        await using var server = await StartWithFunctionAsync(function => function with { ReservedConcurrency = 2 });

        using var refused = await server.Http.PutAsync(Path + Latest, Body(3));
        using var accepted = await server.Http.PutAsync(Path + Latest, Body(2));

        var message = await LambdaAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.StartsWith("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function", message, StringComparison.Ordinal);
        Assert.Contains("ask for at most 2", message, StringComparison.Ordinal);
        await LambdaAssert.JsonAsync(accepted, HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_MoreThanHalfTheMemoryBudget_Returns400NamingHowManyFit()
    {
        // 1,000 MB budget: 500 MB for provisioned sandboxes, so three of 128 MB fit (384 MB) and a fourth does not.
        await using var server = await StartWithFunctionAsync();
        server.Catalog.MemoryBudgetMb = 1000;

        using var refused = await server.Http.PutAsync(Path + Latest, Body(4));
        using var accepted = await server.Http.PutAsync(Path + Latest, Body(3));

        var message = await LambdaAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("need 512 MB", message, StringComparison.Ordinal);
        Assert.Contains("3 fit: ask for at most 3", message, StringComparison.Ordinal);
        Assert.Contains("--memory-budget", message, StringComparison.Ordinal);
        await LambdaAssert.JsonAsync(accepted, HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_OtherFunctionsHoldPartOfTheBudget_CountsThem()
    {
        // 500 MB for provisioned sandboxes, 256 MB of it asked for by "other": one more of 128 MB fits, not two.
        await using var server = await StartWithFunctionAsync();
        server.Catalog.MemoryBudgetMb = 1000;
        server.Catalog.Put(FunctionConfigurations.New("other") with { MemoryMb = 256 });
        server.ProvisionedConcurrency.Seed(Config("$LATEST", "other"));

        using var refused = await server.Http.PutAsync(Path + Latest, Body(2));

        var message = await LambdaAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("less 256 MB asked for by other provisioned concurrency settings", message, StringComparison.Ordinal);
        Assert.Contains("1 fit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutProvisionedConcurrencyConfig_OverReservedAndBudget_ReportsBothProblems()
    {
        await using var server = await StartWithFunctionAsync(function => function with { ReservedConcurrency = 1 });
        server.Catalog.MemoryBudgetMb = 256;

        using var refused = await server.Http.PutAsync(Path + Latest, Body(2));

        var message = await LambdaAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Contains("reservedConcurrentExecution", message, StringComparison.Ordinal);
        Assert.Contains("1 fit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutFunctionConcurrency_BelowTheProvisionedConcurrency_Returns400AndKeepsTheOldReservation()
    {
        await using var server = await StartWithFunctionAsync(function => function with { ReservedConcurrency = 10 });
        server.ProvisionedConcurrency.Seed(Config("$LATEST") with { Requested = 3 });
        const string reservedPath = "/2017-10-31/functions/hello/concurrency";

        using var refused = await server.Http.PutAsync(reservedPath, LambdaRequests.Json("""{"ReservedConcurrentExecutions":2}"""));
        var message = await LambdaAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Equal(10, (await server.Catalog.GetAsync(Tenants.Default, "hello", CancellationToken.None))!.ReservedConcurrency);

        using var accepted = await server.Http.PutAsync(reservedPath, LambdaRequests.Json("""{"ReservedConcurrentExecutions":3}"""));
        await LambdaAssert.JsonAsync(accepted);
        Assert.Contains("less than the function's provisioned concurrency (3: $LATEST 3)", message, StringComparison.Ordinal);
        Assert.Contains("reserve at least 3", message, StringComparison.Ordinal);
        Assert.Equal(3, (await server.Catalog.GetAsync(Tenants.Default, "hello", CancellationToken.None))!.ReservedConcurrency);
    }

    /// <summary>Checks a body field by field (System.Text.Json writes '+' as an escape, which clients read as '+').</summary>
    internal static void AssertJson(string expected, JsonElement actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())),
            $"expected {expected}, got {actual.GetRawText()}");

    private static ProvisionedConcurrencyConfig Config(string qualifier, string function = "hello") => new()
    {
        TenantId = Tenants.Default,
        FunctionName = function,
        Qualifier = qualifier,
        Requested = 1,
        LastModified = FakeFunctionCatalog.Now,
    };
}
