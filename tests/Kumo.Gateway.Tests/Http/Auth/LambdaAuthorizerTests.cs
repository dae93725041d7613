using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Http;
using Kumo.Gateway.Http.Auth;
using Kumo.Gateway.Http.Payloads;
using Kumo.Gateway.Tests.Lambda;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Kumo.Gateway.Tests.Http.Payloads.PayloadRequests;

namespace Kumo.Gateway.Tests.Http.Auth;

public sealed class LambdaAuthorizerTests
{
    private const string UsersArn = "arn:aws:execute-api:us-east-1:000000000000:shop/$default/GET/users/42";

    private static readonly HttpAuthorizer Simple = new() { Type = HttpAuthorizerTypes.Lambda, FunctionName = "auth", ResultTtlSeconds = 300 };

    private static readonly HttpAuthorizer Policy = Simple with { EnableSimpleResponses = false };

    private readonly FakeInvoker _invoker = new();
    private readonly ManualClock _clock = new();

    private LambdaAuthorizer Authorizer(int cacheCapacity = 10_000) =>
        new(_invoker, new PlatformRegion("us-east-1", "000000000000"), _clock, NullLogger<LambdaAuthorizer>.Instance) { CacheCapacity = cacheCapacity };

    private static HttpRequestData Request(string rawPath = "/users/42", string rawQueryString = "", string? authorization = "Bearer abc") =>
        authorization is null ? Get(rawPath, rawQueryString) : Get(rawPath, rawQueryString, ("Authorization", authorization), ("X-Trace", "t"));

    private static RouteContext UsersRoute() => new()
    {
        RouteKey = "GET /users/{id}",
        Resource = "/users/{id}",
        PathParameters = new Dictionary<string, string> { ["id"] = "42" },
        ApiId = "shop",
        AccountId = "000000000000",
    };

    private Task<AuthorizationOutcome> AuthorizeAsync(
        HttpAuthorizer authorizer, HttpRequestData? request = null, RouteContext? route = null, string payloadFormat = "2.0", LambdaAuthorizer? lambda = null) =>
        (lambda ?? Authorizer()).AuthorizeAsync("t1", "gate", authorizer, request ?? Request(), route ?? UsersRoute(), payloadFormat, CancellationToken.None);

    private static Func<InvokeRequest, InvokeResult> Answers(string json) =>
        _ => new InvokeResult { Status = InvokeStatus.Completed, RequestId = "inv-1", Payload = Encoding.UTF8.GetBytes(json) };

    private static Func<InvokeRequest, InvokeResult> Fails(string errorMessage) => _ => new InvokeResult
    {
        Status = InvokeStatus.Completed,
        RequestId = "inv-1",
        FunctionError = "Unhandled",
        Payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { errorMessage, errorType = "Error" })),
    };

    private static string PolicyJson(string effect, string resource, string context = """{"tier":"gold"}""") => $$"""
        {"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[
          {"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":["{{resource}}"]}]},"context":{{context}}}
        """;

    private JsonElement SentEvent() => Json(Assert.Single(_invoker.Requests).Payload.ToArray());

    [Fact]
    public async Task AuthorizeAsync_Payload20_SendsRequestEventWithRouteArnAndIdentityValues()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");

        await AuthorizeAsync(Simple, Request("/users/42", "a=1") with { Body = "secret"u8.ToArray() });

        var invocation = Assert.Single(_invoker.Requests);
        Assert.Equal(("t1", "auth", InvocationTriggers.Http), (invocation.TenantId, invocation.FunctionName, invocation.Trigger));
        Assert.False(string.IsNullOrEmpty(invocation.RequestId));
        var sent = SentEvent();
        Assert.Equal("2.0", sent.GetProperty("version").GetString());
        Assert.Equal("REQUEST", sent.GetProperty("type").GetString());
        Assert.Equal(UsersArn, sent.GetProperty("routeArn").GetString());
        Assert.Equal(["Bearer abc"], sent.GetProperty("identitySource").EnumerateArray().Select(value => value.GetString()));
        Assert.Equal("GET /users/{id}", sent.GetProperty("routeKey").GetString());
        Assert.Equal("/users/42", sent.GetProperty("rawPath").GetString());
        Assert.Equal("a=1", sent.GetProperty("rawQueryString").GetString());
        Assert.Equal("Bearer abc", sent.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Equal("1", sent.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal("42", sent.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("GET", sent.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
        Assert.False(sent.TryGetProperty("body", out _));
        Assert.False(sent.GetProperty("requestContext").TryGetProperty("authorizer", out _));
    }

    [Fact]
    public async Task AuthorizeAsync_Payload10_SendsMethodArnAndJoinedIdentitySource()
    {
        _invoker.Answer = Answers(PolicyJson("Allow", UsersArn));
        var authorizer = Policy with { IdentitySource = ["$request.header.authorization", "$request.querystring.token"] };

        await AuthorizeAsync(authorizer, Request("/users/42", "token=t%201"), payloadFormat: "1.0");

        var sent = SentEvent();
        Assert.Equal("1.0", sent.GetProperty("version").GetString());
        Assert.Equal("REQUEST", sent.GetProperty("type").GetString());
        Assert.Equal(UsersArn, sent.GetProperty("methodArn").GetString());
        Assert.Equal("Bearer abc,t 1", sent.GetProperty("identitySource").GetString());
        Assert.Equal("Bearer abc,t 1", sent.GetProperty("authorizationToken").GetString());
        Assert.Equal("/users/{id}", sent.GetProperty("resource").GetString());
        Assert.Equal("/users/42", sent.GetProperty("path").GetString());
        Assert.Equal("GET", sent.GetProperty("httpMethod").GetString());
        Assert.Equal("Bearer abc", sent.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("t 1", sent.GetProperty("queryStringParameters").GetProperty("token").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("stageVariables").ValueKind);
        Assert.Equal("shop", sent.GetProperty("requestContext").GetProperty("apiId").GetString());
    }

    [Theory]
    [InlineData("$request.header.Authorization", null, "")]
    [InlineData("$request.header.Authorization", "", "")]
    [InlineData("$request.querystring.token", "Bearer abc", "other=1")]
    [InlineData("$request.querystring.token", "Bearer abc", "token=")]
    [InlineData("$stageVariables.key", "Bearer abc", "")]
    [InlineData("$context.unknown", "Bearer abc", "")]
    public async Task AuthorizeAsync_IdentitySourceMissing_UnauthorizedWithoutInvoking(string source, string? authorization, string query)
    {
        var outcome = await AuthorizeAsync(Simple with { IdentitySource = [source] }, Request("/users/42", query, authorization));

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.Equal($"the request lacks the authoriser's identity source: {source}", outcome.Reason);
        Assert.Empty(_invoker.Requests);
    }

    [Fact]
    public async Task AuthorizeAsync_ContextIdentitySource_SendsItsValue()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");

        await AuthorizeAsync(Simple with { IdentitySource = ["$context.identity.sourceIp", "$context.routeKey"] });

        Assert.Equal(["203.0.113.7", "GET /users/{id}"], SentEvent().GetProperty("identitySource").EnumerateArray().Select(value => value.GetString()));
    }

    [Fact]
    public async Task AuthorizeAsync_SimpleAllow_AllowedWithContextUnderLambda()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true,"context":{"user":"alice","admin":false}}""");

        var outcome = await AuthorizeAsync(Simple);

        Assert.Equal(AuthorizationVerdict.Allowed, outcome.Verdict);
        Assert.Equal("""{"lambda":{"user":"alice","admin":false}}""", outcome.Context!.ToJsonString());
    }

    [Fact]
    public async Task AuthorizeAsync_SimpleAllowWithoutContext_AllowedWithEmptyLambda()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");

        var outcome = await AuthorizeAsync(Simple);

        Assert.Equal("""{"lambda":{}}""", outcome.Context!.ToJsonString());
    }

    [Fact]
    public async Task AuthorizeAsync_SimpleDeny_Forbidden()
    {
        _invoker.Answer = Answers("""{"isAuthorized":false,"context":{"user":"alice"}}""");

        var outcome = await AuthorizeAsync(Simple);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
        Assert.Equal("the authoriser denied the request", outcome.Reason);
        Assert.Null(outcome.Context);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.0")]
    public async Task AuthorizeAsync_PolicyAllowsRouteArn_AllowedWithContextAndPrincipal(string payloadFormat)
    {
        _invoker.Answer = Answers(PolicyJson("Allow", UsersArn));

        var outcome = await AuthorizeAsync(Policy, payloadFormat: payloadFormat);

        Assert.Equal(AuthorizationVerdict.Allowed, outcome.Verdict);
        Assert.Equal("""{"lambda":{"tier":"gold","principalId":"user-7"}}""", outcome.Context!.ToJsonString());
    }

    [Fact]
    public async Task AuthorizeAsync_Payload10WithSimpleResponses_ReadsAPolicy()
    {
        _invoker.Answer = Answers(PolicyJson("Allow", UsersArn));

        var outcome = await AuthorizeAsync(Simple, payloadFormat: "1.0");

        Assert.Equal(AuthorizationVerdict.Allowed, outcome.Verdict);
    }

    [Fact]
    public async Task AuthorizeAsync_PolicyDeniesRouteArn_Forbidden()
    {
        _invoker.Answer = Answers("""
            {"principalId":"u","policyDocument":{"Statement":[
              {"Action":"execute-api:*","Effect":"Allow","Resource":"*"},
              {"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-east-1:000000000000:shop/*/GET/users/*"}]}}
            """);

        var outcome = await AuthorizeAsync(Policy);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
        Assert.Equal("the authoriser's policy denies the request", outcome.Reason);
    }

    [Fact]
    public async Task AuthorizeAsync_PolicyAllowsAnotherResource_Forbidden()
    {
        _invoker.Answer = Answers(PolicyJson("Allow", "arn:aws:execute-api:us-east-1:000000000000:shop/$default/GET/orders"));

        var outcome = await AuthorizeAsync(Policy);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
        Assert.Equal("the authoriser's policy does not allow the request", outcome.Reason);
    }

    [Fact]
    public async Task AuthorizeAsync_PolicyWithOtherAction_Forbidden()
    {
        _invoker.Answer = Answers("""
            {"principalId":"u","policyDocument":{"Statement":{"Action":"execute-api:ManageConnections","Effect":"Allow","Resource":"*"}}}
            """);

        var outcome = await AuthorizeAsync(Policy);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:000000000000:shop/*/GET/users/*")]
    [InlineData("arn:aws:execute-api:*:*:shop/*")]
    [InlineData("arn:aws:execute-api:us-east-1:000000000000:shop/$default/GET/users/??")]
    [InlineData("*")]
    public async Task AuthorizeAsync_WildcardResource_Allowed(string resource)
    {
        _invoker.Answer = Answers(PolicyJson("Allow", resource));

        var outcome = await AuthorizeAsync(Policy);

        Assert.Equal(AuthorizationVerdict.Allowed, outcome.Verdict);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:000000000000:shop/*/POST/*")]
    [InlineData("arn:aws:execute-api:us-east-1:000000000000:shop/$default/GET/users/?")]
    [InlineData("arn:aws:execute-api:us-east-1:000000000000:other/*")]
    public async Task AuthorizeAsync_WildcardResourceNotMatching_Forbidden(string resource)
    {
        _invoker.Answer = Answers(PolicyJson("Allow", resource));

        var outcome = await AuthorizeAsync(Policy);

        Assert.Equal(AuthorizationVerdict.Forbidden, outcome.Verdict);
    }

    [Fact]
    public async Task AuthorizeAsync_FunctionFailsWithUnauthorized_UnauthorizedAndNotCached()
    {
        _invoker.Answer = Fails("Unauthorized");
        var lambda = Authorizer();

        var outcome = await AuthorizeAsync(Simple, lambda: lambda);
        await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.DoesNotContain("failed", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _invoker.Requests.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_FunctionFailsOtherwise_UnauthorizedAsFailureAndNotCached()
    {
        _invoker.Answer = Fails("boom: token db unreachable");
        var lambda = Authorizer();

        var outcome = await AuthorizeAsync(Simple, lambda: lambda);
        await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.StartsWith("the authoriser failed: ", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _invoker.Requests.Count);
    }

    [Theory]
    [InlineData(InvokeStatus.Throttled)]
    [InlineData(InvokeStatus.NotFound)]
    [InlineData(InvokeStatus.PlatformError)]
    public async Task AuthorizeAsync_FunctionDidNotRun_UnauthorizedAsFailure(InvokeStatus status)
    {
        _invoker.Answer = _ => new InvokeResult { Status = status, RequestId = "inv-1" };

        var outcome = await AuthorizeAsync(Simple);

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.StartsWith("the authoriser failed: ", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "not json")]
    [InlineData(true, "[]")]
    [InlineData(true, """{"isAuthorized":"yes"}""")]
    [InlineData(true, """{"isAuthorized":true,"context":"x"}""")]
    [InlineData(false, """{"isAuthorized":true}""")]
    [InlineData(false, """{"principalId":"u","policyDocument":{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}}""")]
    [InlineData(false, """{"principalId":"u","policyDocument":{"Statement":[{"Effect":"Allow","Resource":"*"}]}}""")]
    [InlineData(false, """{"principalId":7,"policyDocument":{"Statement":[]}}""")]
    public async Task AuthorizeAsync_MalformedAnswer_UnauthorizedAsFailureAndNotCached(bool simple, string answer)
    {
        _invoker.Answer = Answers(answer);
        var lambda = Authorizer();
        var authorizer = simple ? Simple : Policy;

        var outcome = await AuthorizeAsync(authorizer, lambda: lambda);
        await AuthorizeAsync(authorizer, lambda: lambda);

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.StartsWith("the authoriser failed: ", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _invoker.Requests.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_RepeatWithinTtl_InvokesOnceAndAnswersTheSame()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true,"context":{"user":"alice"}}""");
        var lambda = Authorizer();

        var first = await AuthorizeAsync(Simple, lambda: lambda);
        first.Context!["lambda"]!["user"] = "mallory";
        _clock.Advance(TimeSpan.FromSeconds(299));
        var second = await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Single(_invoker.Requests);
        Assert.Equal("""{"lambda":{"user":"alice"}}""", second.Context!.ToJsonString());
    }

    [Fact]
    public async Task AuthorizeAsync_DenyWithinTtl_ServedFromCache()
    {
        _invoker.Answer = Answers("""{"isAuthorized":false}""");
        var lambda = Authorizer();

        await AuthorizeAsync(Simple, lambda: lambda);
        var second = await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Equal(AuthorizationVerdict.Forbidden, second.Verdict);
        Assert.Single(_invoker.Requests);
    }

    [Fact]
    public async Task AuthorizeAsync_RepeatAfterTtl_InvokesAgain()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");
        var lambda = Authorizer();

        await AuthorizeAsync(Simple, lambda: lambda);
        _clock.Advance(TimeSpan.FromSeconds(300));
        await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Equal(2, _invoker.Requests.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_TtlZero_InvokesEveryTime()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");
        var lambda = Authorizer();

        await AuthorizeAsync(Simple with { ResultTtlSeconds = 0 }, lambda: lambda);
        await AuthorizeAsync(Simple with { ResultTtlSeconds = 0 }, lambda: lambda);

        Assert.Equal(2, _invoker.Requests.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_NoIdentitySources_InvokesEveryTime()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");
        var lambda = Authorizer();

        await AuthorizeAsync(Simple with { IdentitySource = [] }, lambda: lambda);
        await AuthorizeAsync(Simple with { IdentitySource = [] }, lambda: lambda);

        Assert.Equal(2, _invoker.Requests.Count);
        Assert.Equal(JsonValueKind.Null, Json(_invoker.Requests.First().Payload.ToArray()).GetProperty("identitySource").ValueKind);
    }

    [Fact]
    public async Task AuthorizeAsync_DifferentIdentities_CachedSeparately()
    {
        _invoker.Answer = request => Answers(
            Json(request.Payload.ToArray()).GetProperty("identitySource")[0].GetString() == "Bearer abc"
                ? """{"isAuthorized":true}"""
                : """{"isAuthorized":false}""")(request);
        var lambda = Authorizer();

        var alice = await AuthorizeAsync(Simple, lambda: lambda);
        var bob = await AuthorizeAsync(Simple, Request(authorization: "Bearer xyz"), lambda: lambda);
        var aliceAgain = await AuthorizeAsync(Simple, lambda: lambda);
        var bobAgain = await AuthorizeAsync(Simple, Request(authorization: "Bearer xyz"), lambda: lambda);

        Assert.Equal(2, _invoker.Requests.Count);
        Assert.Equal(
            [AuthorizationVerdict.Allowed, AuthorizationVerdict.Forbidden, AuthorizationVerdict.Allowed, AuthorizationVerdict.Forbidden],
            new[] { alice, bob, aliceAgain, bobAgain }.Select(outcome => outcome.Verdict));
    }

    [Fact]
    public async Task AuthorizeAsync_CachedPolicy_EvaluatedForTheNextRequestsArn()
    {
        _invoker.Answer = Answers(PolicyJson("Allow", "arn:aws:execute-api:us-east-1:000000000000:shop/*/GET/users/*"));
        var lambda = Authorizer();
        var ordersRoute = UsersRoute() with { RouteKey = "GET /orders", Resource = "/orders", PathParameters = null };

        var users = await AuthorizeAsync(Policy, lambda: lambda);
        var orders = await AuthorizeAsync(Policy, Request("/orders"), ordersRoute, lambda: lambda);

        Assert.Single(_invoker.Requests);
        Assert.Equal(AuthorizationVerdict.Allowed, users.Verdict);
        Assert.Equal(AuthorizationVerdict.Forbidden, orders.Verdict);
    }

    [Fact]
    public async Task AuthorizeAsync_CacheFull_EvictsTheOldest()
    {
        _invoker.Answer = Answers("""{"isAuthorized":true}""");
        var lambda = Authorizer(cacheCapacity: 1);

        await AuthorizeAsync(Simple, lambda: lambda);
        await AuthorizeAsync(Simple, Request(authorization: "Bearer xyz"), lambda: lambda);
        await AuthorizeAsync(Simple, lambda: lambda);

        Assert.Equal(3, _invoker.Requests.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_NoFunctionName_UnauthorizedAsFailureWithoutInvoking()
    {
        var outcome = await AuthorizeAsync(Simple with { FunctionName = null });

        Assert.Equal(AuthorizationVerdict.Unauthorized, outcome.Verdict);
        Assert.StartsWith("the authoriser failed: ", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_invoker.Requests);
    }

    [Fact]
    public async Task AuthorizeAsync_FunctionFails_LogsWarningWithInvocationId()
    {
        _invoker.Answer = Fails("boom");
        var logger = new ListLogger();
        var lambda = new LambdaAuthorizer(_invoker, new PlatformRegion("us-east-1", "000000000000"), _clock, logger);

        await AuthorizeAsync(Simple, lambda: lambda);

        var (level, eventId, message) = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Warning, HttpEventIds.LambdaAuthorizerFailed), (level, eventId));
        Assert.Contains("--request-id inv-1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", message, StringComparison.Ordinal);
    }

    /// <summary>A logger that keeps what it was told.</summary>
    private sealed class ListLogger : ILogger<LambdaAuthorizer>
    {
        public List<(LogLevel Level, int EventId, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
    }

    /// <summary>A clock that moves only when the test moves it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
