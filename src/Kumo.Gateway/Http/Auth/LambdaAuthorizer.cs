using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Http.Payloads;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Http.Auth;

/// <summary>
/// An authoriser that asks a function, as API Gateway HTTP APIs' Lambda authorisers do.
/// <list type="bullet">
/// <item>Every identity source must be present and non-empty, or the request is unauthorised without asking. Sources
/// are <c>$request.header.NAME</c> (name case ignored), <c>$request.querystring.NAME</c>, and the <c>$context</c>
/// variables the gateway knows (<c>apiId</c>, <c>domainName</c>, <c>httpMethod</c>, <c>identity.sourceIp</c>,
/// <c>identity.userAgent</c>, <c>path</c>, <c>protocol</c>, <c>routeKey</c>, <c>stage</c>); Kumo has no stage
/// variables, so <c>$stageVariables.X</c>, like any other source, is never present.</item>
/// <item>The function gets the authoriser event of the payload format: 2.0 (<c>routeArn</c>, <c>identitySource</c>
/// as a list) or 1.0 (<c>methodArn</c>, <c>identitySource</c> and <c>authorizationToken</c> as the values joined with
/// commas; null when there are no sources); the rest is the route's event without its body.</item>
/// <item>It answers in the simple form (<c>{"isAuthorized": …, "context": …}</c>; only with payload 2.0 and
/// <see cref="HttpAuthorizer.EnableSimpleResponses"/>) or as an IAM policy whose statements allow or deny
/// <c>execute-api:Invoke</c> on the request's ARN (<c>*</c> and <c>?</c> wildcards; a deny wins). Failing with the
/// message <c>Unauthorized</c> makes the request unauthorised. Any other failure — an error, a timeout, a throttle,
/// an answer that cannot be read — also refuses the request as unauthorised, and is logged.</item>
/// <item>With <see cref="HttpAuthorizer.ResultTtlSeconds"/> above 0, the answer is kept for that long, keyed as on AWS
/// by the identity source values only (with the tenant, authoriser and function): a policy kept from one route is
/// evaluated again for the next request's ARN, so it applies to other routes as far as its resources say. Failures
/// and <c>Unauthorized</c> are not kept; nor is anything when there are no identity sources to key on.</item>
/// </list>
/// </summary>
internal sealed partial class LambdaAuthorizer(IInvoker invoker, PlatformRegion region, TimeProvider time, ILogger<LambdaAuthorizer> logger)
{
    private readonly AuthorizerAnswerCache _answers = new(time);

    /// <summary>How many answers are kept at most; past it, the oldest goes.</summary>
    public int CacheCapacity { get => _answers.Capacity; init => _answers.Capacity = value; }

    /// <summary>Decides about <paramref name="request"/> on <paramref name="route"/> by asking the authoriser's function.</summary>
    public async Task<AuthorizationOutcome> AuthorizeAsync(
        string tenantId,
        string authorizerName,
        HttpAuthorizer authorizer,
        HttpRequestData request,
        RouteContext route,
        string payloadFormat,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var identity = new List<string>(authorizer.IdentitySource.Count);
        foreach (var source in authorizer.IdentitySource)
        {
            if (AuthorizerEvent.IdentityValue(source, request, route) is not { Length: > 0 } value)
            {
                return AuthorizationOutcome.Unauthorized($"the request lacks the authoriser's identity source: {source}");
            }

            identity.Add(value);
        }

        var functionName = authorizer.FunctionName ?? "";
        var v2 = payloadFormat != HttpPayloadFormats.V1;
        var simple = v2 && authorizer.EnableSimpleResponses;
        var arn = $"arn:aws:execute-api:{region.Region}:{route.AccountId}:{route.ApiId}/{route.Stage}/{request.Method}{request.RawPath}";
        var cacheKey = authorizer.ResultTtlSeconds > 0 && identity.Count > 0
            ? AuthorizerAnswerCache.Key([tenantId, authorizerName, functionName, simple ? "simple" : "policy", .. identity])
            : null;
        if (cacheKey is not null && _answers.Get(cacheKey) is { } cached)
        {
            return cached.Decide(arn);
        }

        if (functionName.Length == 0)
        {
            LogFailed(logger, authorizerName, functionName, tenantId, request.RequestId, "the authoriser names no function");
            return Failed("it names no function");
        }

        var invocation = new InvokeRequest
        {
            TenantId = tenantId,
            FunctionName = functionName,
            RequestId = Guid.NewGuid().ToString(),
            Payload = AuthorizerEvent.Build(v2, request, route, arn, identity),
            Trigger = InvocationTriggers.Http,
            AmznTraceId = HeaderGroups.First(request.Headers, "X-Amzn-Trace-Id"),
            TraceParent = HeaderGroups.First(request.Headers, "traceparent"),
        };
        var result = await invoker.InvokeAsync(invocation, cancellationToken);
        if (Refusal(result, functionName) is { } refusal)
        {
            if (refusal.Problem is { } problem)
            {
                LogFailed(logger, authorizerName, functionName, tenantId, request.RequestId, problem);
            }

            return refusal.Outcome;
        }

        if (AuthorizerAnswer.Read(result.Payload, simple) is not { } answer)
        {
            var expected = simple ? "{\"isAuthorized\": true|false, \"context\": {…}}" : "an IAM policy {\"principalId\", \"policyDocument\", \"context\"}";
            LogBadAnswer(logger, authorizerName, functionName, tenantId, request.RequestId, result.RequestId, expected);
            return Failed($"function '{functionName}' gave an answer that is not {expected}");
        }

        if (cacheKey is not null)
        {
            _answers.Remember(cacheKey, answer, TimeSpan.FromSeconds(authorizer.ResultTtlSeconds));
        }

        return answer.Decide(arn);
    }

    /// <summary>What to answer when the function did not give an answer to read; null when it did.</summary>
    private static (AuthorizationOutcome Outcome, string? Problem)? Refusal(InvokeResult result, string functionName)
    {
        var logs = $"'kumo logs {functionName} --request-id {result.RequestId}' shows why";
        return result.Status switch
        {
            InvokeStatus.Completed when result.FunctionError is null => null,
            InvokeStatus.Completed when ErrorMessage(result.Payload) == "Unauthorized" =>
                (AuthorizationOutcome.Unauthorized("Unauthorized: the authoriser did not accept the request's identity"), null),
            InvokeStatus.Completed =>
                (Failed($"function '{functionName}' failed"), $"function failed ({ErrorType(result.Payload) ?? result.FunctionError}); {logs}"),
            InvokeStatus.Throttled =>
                (Failed($"function '{functionName}' is at its concurrency limit"), $"throttled ({result.ThrottleReason})"),
            InvokeStatus.NotFound =>
                (Failed($"function '{functionName}' does not exist"), "the function does not exist"),
            _ => (Failed($"Kumo could not run function '{functionName}'"), $"{result.Status}: {result.Message}"),
        };
    }

    private static AuthorizationOutcome Failed(string why) => AuthorizationOutcome.Unauthorized($"the authoriser failed: {why}");

    private static string? ErrorMessage(ReadOnlyMemory<byte> payload) => ErrorField(payload, "errorMessage");

    private static string? ErrorType(ReadOnlyMemory<byte> payload) => ErrorField(payload, "errorType");

    private static string? ErrorField(ReadOnlyMemory<byte> payload, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = HttpEventIds.LambdaAuthorizerFailed, Level = LogLevel.Warning,
        Message = "Authoriser {AuthorizerName} (function {FunctionName}) of tenant {TenantId} failed on request {RequestId}, which is refused: {Problem}")]
    private static partial void LogFailed(ILogger logger, string authorizerName, string functionName, string tenantId, string requestId, string problem);

    [LoggerMessage(EventId = HttpEventIds.LambdaAuthorizerBadAnswer, Level = LogLevel.Warning,
        Message = "Authoriser {AuthorizerName} (function {FunctionName}) of tenant {TenantId} answered request {RequestId} (invocation {InvocationId}) with something that is not {Expected}; the request is refused")]
    private static partial void LogBadAnswer(
        ILogger logger, string authorizerName, string functionName, string tenantId, string requestId, string invocationId, string expected);
}
