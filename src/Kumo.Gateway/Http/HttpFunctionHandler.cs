using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Http.Auth;
using Kumo.Gateway.Http.Payloads;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Http;

/// <summary>
/// Serves a request to a function URL or to an app's routes: finds the function, answers CORS preflights, checks
/// API keys, rate limits and authorisers, reads the body up to the limit, turns the request into the payload
/// format's event, invokes the function, and maps its answer back to HTTP as Lambda does. A static route gets the
/// same checks, then <see cref="StaticRouteHandler"/> serves it from its bucket. What users see when something
/// goes wrong is a JSON <c>{"message": …}</c> that says what happened without the function's stack trace.
/// </summary>
internal sealed partial class HttpFunctionHandler(
    IFunctionUrlStore urls,
    RouteCache routes,
    IInvoker invoker,
    StreamingResponder streaming,
    HttpRateLimits rateLimits,
    JwtAuthorizer jwtAuthorizer,
    LambdaAuthorizer lambdaAuthorizer,
    StaticRouteHandler staticRoutes,
    PlatformRegion region,
    TimeProvider time,
    ILogger<HttpFunctionHandler> logger)
{
    /// <summary>The largest request body, as for a synchronous invocation: 6 MB.</summary>
    public const long BodyLimit = 6_291_456;

    /// <summary>The header that carries an API key, as on API Gateway.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private const string AmznRequestIdHeader = "x-amzn-RequestId";
    private const string ApiGatewayRequestIdHeader = "apigw-requestid";

    /// <summary>A request to the function URL <paramref name="urlId"/>; <paramref name="rawPath"/> is the path the function sees.</summary>
    public async Task ServeFunctionUrlAsync(HttpContext context, string urlId, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = await urls.FindAsync(urlId, context.RequestAborted);
        if (config is null)
        {
            await HttpAnswers.MessageAsync(context, StatusCodes.Status404NotFound, $"There is no function URL with id '{urlId}'. 'kumo url FUNCTION' shows a function's URL.");
            return;
        }

        if (config.Cors is { } cors)
        {
            if (CorsPolicy.IsPreflight(context.Request))
            {
                CorsPolicy.AnswerPreflight(cors, context);
                return;
            }

            CorsPolicy.Apply(cors, context);
        }

        var route = new RouteContext { RouteKey = HttpRoute.DefaultPath, ApiId = urlId, AccountId = region.AccountId };
        var target = new Target(config.TenantId, config.FunctionName, null, HttpPayloadFormats.V2, null, config.Cors is not null, false, AmznRequestIdHeader)
        {
            Stream = config.InvokeMode == Lambda.FunctionUrls.FunctionUrlInvokeModes.ResponseStream,
        };
        await InvokeAsync(context, target, route, Read(context, rawPath));
    }

    /// <summary>A request to app <paramref name="app"/>; <paramref name="rawPath"/> is the path its routes match.</summary>
    public async Task ServeAppAsync(HttpContext context, string app, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var table = await routes.GetAsync(Tenants.Default, app, context.RequestAborted);
        var settings = table.App;
        if (settings?.Cors is { } cors)
        {
            if (CorsPolicy.IsPreflight(context.Request))
            {
                CorsPolicy.AnswerPreflight(cors, context);
                return;
            }

            CorsPolicy.Apply(cors, context);
        }

        var segments = Segments(rawPath);
        var method = context.Request.Method;
        if (segments is null)
        {
            await HttpAnswers.MessageAsync(context, StatusCodes.Status400BadRequest, $"The path '{rawPath}' has a malformed percent-encoding.");
            return;
        }

        if (table.Match(method, segments) is not { } match)
        {
            var message = table.Count == 0
                ? $"App '{app}' has no routes. Add one with 'kumo routes add {app} \"GET /path\" FUNCTION'."
                : table.MethodsFor(segments) is { Count: > 0 } methods
                    ? $"No route matches {method} {rawPath} in app '{app}'; this path has routes for {string.Join(", ", methods)}."
                    : $"No route matches {method} {rawPath} in app '{app}'. 'kumo routes ls --app {app}' lists its routes.";
            await HttpAnswers.MessageAsync(context, StatusCodes.Status404NotFound, message);
            return;
        }

        var matched = match.Route;
        HttpApiKey? key = null;
        if (matched.ApiKeyRequired)
        {
            key = FindKey(settings, Header(context.Request, ApiKeyHeader));
            if (key is null)
            {
                await HttpAnswers.MessageAsync(context, StatusCodes.Status403Forbidden,
                    $"Forbidden: {matched.RouteKey} needs one of the API keys of app '{app}' in the {ApiKeyHeader} header.");
                return;
            }
        }

        if (!rateLimits.TryAcquire(matched.TenantId, app, matched, key, out var retryAfter, out var limited))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await HttpAnswers.MessageAsync(context, StatusCodes.Status429TooManyRequests,
                $"Too Many Requests: {(limited == RateLimitedBy.ApiKey ? $"API key '{key!.Name}'" : $"route {matched.RouteKey}")} is over its rate limit; retry in {seconds} s.");
            return;
        }

        var route = new RouteContext
        {
            RouteKey = matched.RouteKey,
            Resource = matched.Path == HttpRoute.DefaultPath ? null : matched.Path,
            PathParameters = match.PathParameters.Count > 0 ? match.PathParameters : null,
            ApiId = app,
            AccountId = region.AccountId,
        };
        var request = Read(context, rawPath);
        if (matched.AuthorizationType != HttpAuthorizationTypes.None)
        {
            if (await AuthorizeAsync(context, settings, matched, request, route) is not { } authorizer)
            {
                return;
            }

            route = route with { Authorizer = matched.PayloadFormat == HttpPayloadFormats.V1 ? ForPayload1(authorizer) : authorizer };
        }

        if (matched.IsStatic)
        {
            context.Response.Headers[ApiGatewayRequestIdHeader] = request.RequestId;
            await staticRoutes.ServeAsync(context, matched, match.PathParameters, rawPath);
            return;
        }

        var target = new Target(
            matched.TenantId, matched.FunctionName, matched.Qualifier, matched.PayloadFormat, matched.TimeoutSeconds,
            settings?.Cors is not null, settings?.Debug ?? false, ApiGatewayRequestIdHeader);
        await InvokeAsync(context, target, route, request);
    }

    /// <summary>
    /// Runs the route's authoriser. The context for the event when it allows; null after answering 401, 403 or
    /// 500 (the route names an authoriser the app does not have).
    /// </summary>
    private async Task<JsonObject?> AuthorizeAsync(HttpContext context, HttpApp? settings, HttpRoute route, HttpRequestData request, RouteContext routeContext)
    {
        var name = route.AuthorizerName ?? "";
        var expected = route.AuthorizationType == HttpAuthorizationTypes.Jwt ? HttpAuthorizerTypes.Jwt : HttpAuthorizerTypes.Lambda;
        if (settings?.Authorizers.GetValueOrDefault(name) is not { } authorizer || authorizer.Type != expected)
        {
            await HttpAnswers.MessageAsync(context, StatusCodes.Status500InternalServerError,
                $"Internal Server Error: route {route.RouteKey} needs the {expected} authoriser '{name}', which app '{route.App}' does not have.");
            return null;
        }

        var outcome = expected == HttpAuthorizerTypes.Jwt
            ? await jwtAuthorizer.AuthorizeAsync(authorizer, Header(context.Request, "Authorization"), route.AuthorizationScopes, context.RequestAborted)
            : await lambdaAuthorizer.AuthorizeAsync(route.TenantId, name, authorizer, request, routeContext, route.PayloadFormat, context.RequestAborted);
        switch (outcome.Verdict)
        {
            case AuthorizationVerdict.Allowed:
                return outcome.Context ?? [];
            case AuthorizationVerdict.Forbidden:
                await HttpAnswers.MessageAsync(context, StatusCodes.Status403Forbidden, $"Forbidden: {outcome.Reason}.");
                return null;
            default:
                if (expected == HttpAuthorizerTypes.Jwt)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                await HttpAnswers.MessageAsync(context, StatusCodes.Status401Unauthorized, $"Unauthorized: {outcome.Reason}.");
                return null;
        }
    }

    /// <summary>
    /// Payload 1.0 has the authoriser's output one level up: a JWT's <c>claims</c> and <c>scopes</c>, or a
    /// function's context, directly under <c>requestContext.authorizer</c>.
    /// </summary>
    private static JsonObject ForPayload1(JsonObject authorizer)
    {
        var inner = authorizer["jwt"] ?? authorizer["lambda"];
        return inner is JsonObject found ? (JsonObject)found.DeepClone() : authorizer;
    }

    /// <summary>The app's key whose SHA-256 is the presented key's; compared in constant time.</summary>
    private static HttpApiKey? FindKey(HttpApp? settings, string? presented)
    {
        if (settings is null || string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        return settings.ApiKeys.FirstOrDefault(k =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Sha256), Encoding.ASCII.GetBytes(hash)));
    }

    /// <summary>What the gateway knows about the request before reading its body.</summary>
    private HttpRequestData Read(HttpContext context, string rawPath)
    {
        var request = context.Request;
        return new HttpRequestData
        {
            Method = request.Method,
            RawPath = rawPath,
            RawQueryString = request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            Headers = [.. request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")))],
            SourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "",
            Protocol = request.Protocol,
            DomainName = request.Host.Host,
            Time = time.GetUtcNow(),
            RequestId = Guid.NewGuid().ToString(),
        };
    }

    private async Task InvokeAsync(HttpContext context, Target target, RouteContext route, HttpRequestData data)
    {
        var request = context.Request;
        var requestId = data.RequestId;
        context.Response.Headers[target.RequestIdHeader] = requestId;
        if (await RequestBody.ReadAsync(request, BodyLimit, context.RequestAborted) is not { } body)
        {
            await HttpAnswers.MessageAsync(context, StatusCodes.Status413PayloadTooLarge, $"Request Entity Too Large: the body is over {BodyLimit} bytes, the limit of a function's request.");
            return;
        }

        data = data with { Body = body };
        var v2 = target.PayloadFormat != HttpPayloadFormats.V1;
        var payload = v2 ? HttpApiV2Event.Build(data, route) : RestApiV1Event.Build(data, route);
        var invocation = new InvokeRequest
        {
            TenantId = target.TenantId,
            FunctionName = target.FunctionName,
            Qualifier = target.Qualifier,
            RequestId = requestId,
            Payload = payload,
            Trigger = InvocationTriggers.Http,
            AmznTraceId = Header(request, "X-Amzn-Trace-Id"),
            TraceParent = Header(request, "traceparent"),
        };

        InvokeResult result;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (target.TimeoutSeconds is { } timeout)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        if (target.Stream)
        {
            // Function URLs only: API Gateway routes do not stream, and neither do Kumo's app routes.
            await streaming.AnswerAsync(
                context, invocation, target.Cors, deadline.Token, failed => AnswerAsync(context, target, failed, v2), () => TimedOutAsync(context, target));
            return;
        }

        try
        {
            // The invocation runs to its end and is recorded even when the waiting stops here.
            result = await invoker.InvokeAsync(invocation, deadline.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            await TimedOutAsync(context, target);
            return;
        }

        await AnswerAsync(context, target, result, v2);
    }

    private static Task TimedOutAsync(HttpContext context, Target target) =>
        HttpAnswers.MessageAsync(context, StatusCodes.Status504GatewayTimeout,
            $"Endpoint request timed out: function '{target.FunctionName}' did not answer within the route's {target.TimeoutSeconds} s.");

    private async Task AnswerAsync(HttpContext context, Target target, InvokeResult result, bool v2)
    {
        switch (result.Status)
        {
            case InvokeStatus.Completed when result.FunctionError is null:
                var mapped = v2 ? LambdaHttpResponse.FromV2(result.Payload) : LambdaHttpResponse.FromV1(result.Payload);
                if (mapped.Problem is { } problem)
                {
                    LogBadResponse(logger, target.FunctionName, result.RequestId, problem);
                    await HttpAnswers.MessageAsync(context, StatusCodes.Status502BadGateway,
                        $"Internal Server Error: the function's response could not be turned into an HTTP response ({problem}).");
                    return;
                }

                if (target.Cors)
                {
                    // The gateway's CORS headers are on the response already; the function's own would contradict them.
                    mapped = mapped with { Headers = [.. mapped.Headers.Where(h => !CorsPolicy.IsCorsHeader(h.Key))] };
                }

                await mapped.WriteAsync(context.Response, context.RequestAborted);
                return;
            case InvokeStatus.Completed:
                // The record and the logs have the error; the caller gets no stack trace unless the app is in debug mode.
                await HttpAnswers.MessageAsync(context, StatusCodes.Status502BadGateway,
                    $"Internal Server Error: function '{target.FunctionName}' failed. 'kumo logs {target.FunctionName} --request-id {result.RequestId}' shows why.",
                    target.Debug ? result.Payload : null);
                return;
            case InvokeStatus.Throttled:
                context.Response.Headers.RetryAfter = result.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await HttpAnswers.MessageAsync(context, StatusCodes.Status429TooManyRequests,
                    $"Too Many Requests: function '{target.FunctionName}' is at its concurrency limit; retry in {result.RetryAfterSeconds} s.");
                return;
            case InvokeStatus.NotFound:
                await HttpAnswers.MessageAsync(context, StatusCodes.Status502BadGateway,
                    $"Internal Server Error: the function this address invokes, '{target.FunctionName}', does not exist.");
                return;
            case InvokeStatus.NotReady:
                await HttpAnswers.MessageAsync(context, StatusCodes.Status503ServiceUnavailable,
                    result.Message ?? $"Service Unavailable: function '{target.FunctionName}' is not ready.");
                return;
            default:
                await HttpAnswers.MessageAsync(context, StatusCodes.Status500InternalServerError,
                    $"Internal Server Error: Kumo could not run function '{target.FunctionName}'.");
                return;
        }
    }

    /// <summary>The decoded segments of a raw path; null when its percent-encoding is malformed.</summary>
    internal static List<string>? Segments(string rawPath)
    {
        var segments = new List<string>();
        foreach (var raw in rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                segments.Add(Uri.UnescapeDataString(raw));
            }
            catch (UriFormatException)
            {
                return null;
            }
        }

        return segments;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    [LoggerMessage(EventId = HttpEventIds.BadFunctionResponse, Level = LogLevel.Warning,
        Message = "Function {FunctionName} answered request {RequestId} with a response that is not valid for HTTP: {Problem}")]
    private static partial void LogBadResponse(ILogger logger, string functionName, string requestId, string problem);

    /// <summary>What a request invokes, and how.</summary>
    private sealed record Target(
        string TenantId, string FunctionName, string? Qualifier, string PayloadFormat, int? TimeoutSeconds, bool Cors, bool Debug, string RequestIdHeader)
    {
        /// <summary>Whether the answer is streamed: a function URL in <c>RESPONSE_STREAM</c> mode.</summary>
        public bool Stream { get; init; }
    }
}
