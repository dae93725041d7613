using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private const string InvokeAction = "execute-api:Invoke";

    private readonly Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _cacheOrder = new();
    private readonly Lock _cacheLock = new();

    /// <summary>How many answers are kept at most; past it, the oldest goes.</summary>
    public int CacheCapacity { get; init; } = 10_000;

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
            if (IdentityValue(source, request, route) is not { Length: > 0 } value)
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
            ? CacheKey([tenantId, authorizerName, functionName, simple ? "simple" : "policy", .. identity])
            : null;
        if (cacheKey is not null && Cached(cacheKey) is { } cached)
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
            Payload = Event(v2, request, route, arn, identity),
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

        if (Answer.Read(result.Payload, simple) is not { } answer)
        {
            var expected = simple ? "{\"isAuthorized\": true|false, \"context\": {…}}" : "an IAM policy {\"principalId\", \"policyDocument\", \"context\"}";
            LogBadAnswer(logger, authorizerName, functionName, tenantId, request.RequestId, result.RequestId, expected);
            return Failed($"function '{functionName}' gave an answer that is not {expected}");
        }

        if (cacheKey is not null)
        {
            Remember(cacheKey, answer, TimeSpan.FromSeconds(authorizer.ResultTtlSeconds));
        }

        return answer.Decide(arn);
    }

    /// <summary>The value of an identity source; null when the request has none.</summary>
    private static string? IdentityValue(string source, HttpRequestData request, RouteContext route)
    {
        const string Header = "$request.header.";
        const string Query = "$request.querystring.";
        const string Context = "$context.";
        if (source.StartsWith(Header, StringComparison.OrdinalIgnoreCase))
        {
            var name = source[Header.Length..];
            var values = request.Headers.Where(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).ToList();
            return values.Count > 0 ? string.Join(',', values) : null;
        }

        if (source.StartsWith(Query, StringComparison.OrdinalIgnoreCase))
        {
            var name = source[Query.Length..];
            var parameter = QueryParameters.Parse(request.RawQueryString).FirstOrDefault(parameter => parameter.Key == name);
            return parameter.Value is { } values ? string.Join(',', values) : null;
        }

        if (!source.StartsWith(Context, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return source[Context.Length..] switch
        {
            "apiId" => route.ApiId,
            "domainName" => request.DomainName,
            "httpMethod" => request.Method,
            "identity.sourceIp" => request.SourceIp,
            "identity.userAgent" => HeaderGroups.First(request.Headers, "User-Agent"),
            "path" => EventJson.DecodePath(request.RawPath),
            "protocol" => request.Protocol,
            "routeKey" => route.RouteKey,
            "stage" => route.Stage,
            _ => null,
        };
    }

    /// <summary>
    /// The authoriser event of the payload format: the route's event without its body, after the authoriser's fields.
    /// </summary>
    private static byte[] Event(bool v2, HttpRequestData request, RouteContext route, string arn, List<string> identity)
    {
        (request, route) = (request with { Body = ReadOnlyMemory<byte>.Empty }, route with { Authorizer = null });
        var routeEvent = v2 ? HttpApiV2Event.Build(request, route) : RestApiV1Event.Build(request, route);
        return EventJson.Write((v2, routeEvent, arn, identity), routeEvent.Length + 512, static (writer, state) =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", state.v2 ? "2.0" : "1.0");
            writer.WriteString("type", "REQUEST");
            writer.WriteString(state.v2 ? "routeArn" : "methodArn", state.arn);
            if (state.identity.Count == 0)
            {
                writer.WriteNull("identitySource");
            }
            else if (state.v2)
            {
                writer.WriteStartArray("identitySource");
                state.identity.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("identitySource", string.Join(',', state.identity));
                writer.WriteString("authorizationToken", string.Join(',', state.identity));
            }

            using var document = JsonDocument.Parse(state.routeEvent);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is not ("version" or "body" or "isBase64Encoded"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        });
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

    /// <summary>The parts, each prefixed by its length so that no two lists make the same key.</summary>
    private static string CacheKey(IEnumerable<string> parts)
    {
        var key = new StringBuilder();
        foreach (var part in parts)
        {
            key.Append(part.Length).Append(':').Append(part);
        }

        return key.ToString();
    }

    private Answer? Cached(string key)
    {
        lock (_cacheLock)
        {
            if (!_cache.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (time.GetUtcNow() < entry.Expires)
            {
                return entry.Answer;
            }

            _cache.Remove(key);
            _cacheOrder.Remove(entry.Node);
            return null;
        }
    }

    private void Remember(string key, Answer answer, TimeSpan ttl)
    {
        lock (_cacheLock)
        {
            if (_cache.Remove(key, out var previous))
            {
                _cacheOrder.Remove(previous.Node);
            }

            while (_cache.Count >= CacheCapacity && _cacheOrder.First is { } oldest)
            {
                _cache.Remove(oldest.Value);
                _cacheOrder.RemoveFirst();
            }

            _cache[key] = new CacheEntry(_cacheOrder.AddLast(key), answer, time.GetUtcNow() + ttl);
        }
    }

    [LoggerMessage(EventId = HttpEventIds.LambdaAuthorizerFailed, Level = LogLevel.Warning,
        Message = "Authoriser {AuthorizerName} (function {FunctionName}) of tenant {TenantId} failed on request {RequestId}, which is refused: {Problem}")]
    private static partial void LogFailed(ILogger logger, string authorizerName, string functionName, string tenantId, string requestId, string problem);

    [LoggerMessage(EventId = HttpEventIds.LambdaAuthorizerBadAnswer, Level = LogLevel.Warning,
        Message = "Authoriser {AuthorizerName} (function {FunctionName}) of tenant {TenantId} answered request {RequestId} (invocation {InvocationId}) with something that is not {Expected}; the request is refused")]
    private static partial void LogBadAnswer(
        ILogger logger, string authorizerName, string functionName, string tenantId, string requestId, string invocationId, string expected);

    private sealed record CacheEntry(LinkedListNode<string> Node, Answer Answer, DateTimeOffset Expires);

    /// <summary>A policy statement about <c>execute-api:Invoke</c>.</summary>
    private sealed record Statement(bool Allows, string[] Actions, string[] Resources)
    {
        public bool AppliesTo(string arn) =>
            Actions.Any(action => Wildcard.Matches(action, InvokeAction, ignoreCase: true))
            && Resources.Any(resource => Wildcard.Matches(resource, arn, ignoreCase: false));
    }

    /// <summary>What the function answered: a simple yes or no, or a policy to evaluate for each request's ARN.</summary>
    private sealed record Answer(bool? IsAuthorized, Statement[] Statements, string? PrincipalId, JsonObject Context)
    {
        public AuthorizationOutcome Decide(string arn)
        {
            if (IsAuthorized is { } isAuthorized)
            {
                return isAuthorized ? Allow() : AuthorizationOutcome.Forbidden("the authoriser denied the request");
            }

            var applying = Statements.Where(statement => statement.AppliesTo(arn)).ToList();
            if (applying.Any(statement => !statement.Allows))
            {
                return AuthorizationOutcome.Forbidden("the authoriser's policy denies the request");
            }

            return applying.Count > 0 ? Allow() : AuthorizationOutcome.Forbidden("the authoriser's policy does not allow the request");
        }

        /// <summary>The answer in the function's payload; null when it is not one.</summary>
        public static Answer? Read(ReadOnlyMemory<byte> payload, bool simple)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(payload.Span);
            }
            catch (JsonException)
            {
                return null;
            }

            if (root is not JsonObject answer || ReadContext(answer) is not { } context)
            {
                return null;
            }

            if (simple)
            {
                return answer["isAuthorized"]?.GetValueKind() switch
                {
                    JsonValueKind.True => new Answer(true, [], null, context),
                    JsonValueKind.False => new Answer(false, [], null, context),
                    _ => null,
                };
            }

            var principalId = answer["principalId"];
            if ((principalId is not null && principalId.GetValueKind() != JsonValueKind.String)
                || answer["policyDocument"] is not JsonObject policy
                || ReadStatements(policy["Statement"]) is not { } statements)
            {
                return null;
            }

            return new Answer(null, statements, principalId?.GetValue<string>(), context);
        }

        private static JsonObject? ReadContext(JsonObject answer) => answer["context"] switch
        {
            null => [],
            JsonObject context => context,
            _ => null,
        };

        private static Statement[]? ReadStatements(JsonNode? node)
        {
            JsonNode?[]? nodes = node switch
            {
                JsonArray array => [.. array],
                JsonObject single => [single],
                _ => null,
            };
            if (nodes is null)
            {
                return null;
            }

            var statements = new List<Statement>();
            foreach (var item in nodes)
            {
                if (item is not JsonObject statement
                    || ReadText(statement["Effect"]) is not { } effect
                    || !(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase))
                    || ReadTexts(statement["Action"]) is not { } actions
                    || ReadTexts(statement["Resource"]) is not { } resources)
                {
                    return null;
                }

                statements.Add(new Statement(effect.Equals("Allow", StringComparison.OrdinalIgnoreCase), actions, resources));
            }

            return [.. statements];
        }

        private static string[]? ReadTexts(JsonNode? node) => node switch
        {
            JsonArray array when array.All(item => ReadText(item) is not null) => [.. array.Select(item => ReadText(item)!)],
            JsonValue => ReadText(node) is { } text ? [text] : null,
            _ => null,
        };

        private static string? ReadText(JsonNode? node) =>
            node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

        /// <summary>The outcome of an allow: the context (and the principal of a policy) under <c>lambda</c>, copied.</summary>
        private AuthorizationOutcome Allow()
        {
            var lambda = (JsonObject)Context.DeepClone();
            if (PrincipalId is not null)
            {
                lambda["principalId"] = PrincipalId;
            }

            return AuthorizationOutcome.Allow(new JsonObject { ["lambda"] = lambda });
        }
    }

    /// <summary>IAM's wildcards: <c>*</c> matches any run of characters, <c>?</c> any one character.</summary>
    private static class Wildcard
    {
        public static bool Matches(string pattern, string text, bool ignoreCase)
        {
            int p = 0, t = 0, star = -1, starText = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    starText = t;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
                {
                    p++;
                    t++;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    t = ++starText;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static bool Same(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
