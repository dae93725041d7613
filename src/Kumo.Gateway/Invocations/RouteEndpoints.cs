using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Http.Routing;
using Kumo.Gateway.S3;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// The routes of apps' HTTP APIs: <c>GET /_kumo/v1/routes?app=</c> lists them, <c>POST /_kumo/v1/routes</c> adds
/// one (that invokes a function, or that serves a bucket's files), <c>DELETE /_kumo/v1/routes/{id}</c> removes one. A change is served by this node at once, by others
/// within a second.
/// </summary>
internal static class RouteEndpoints
{
    /// <summary>What every route id starts with.</summary>
    public const string RouteIdPrefix = "r-";

    /// <summary>The longest wait a route may set, as a function's own longest timeout.</summary>
    public const int MaxTimeoutSeconds = 900;

    /// <summary>The longest prefix of a static route, in UTF-8 bytes: what is left of a key's 1,024 for the file's own name.</summary>
    public const int MaxPrefixBytes = 512;

    private const int RouteIdLength = 10;
    private const string RouteIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string AnyMethod = "ANY";
    private const string Latest = "$LATEST";
    private const string Example = """{"app": "shop", "method": "GET", "path": "/users/{id}", "function": "get-user"}""";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", AnyMethod];
    private static readonly string[] AuthorizationTypes = [HttpAuthorizationTypes.None, HttpAuthorizationTypes.Jwt, HttpAuthorizationTypes.Custom];

    /// <summary>The type of authoriser a route's authorisation type needs: <c>jwt</c> for <c>JWT</c>, <c>lambda</c> for <c>CUSTOM</c>.</summary>
    public static string AuthorizerTypeFor(string authorizationType) =>
        authorizationType == HttpAuthorizationTypes.Jwt ? HttpAuthorizerTypes.Jwt : HttpAuthorizerTypes.Lambda;

    public static async Task<IResult> ListAsync(
        HttpRequest request, [FromServices] IRouteStore routes, [FromServices] GatewayOptions gateway, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query, "app");
        var app = query.Text("app");
        if (app is not null && AppChecks.AppProblem(app) is { } problem)
        {
            query.Add(problem);
        }

        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        var found = await routes.ListAsync(Tenants.Default, app, cancellationToken);
        return Results.Json(new RouteList([.. found.Select(r => ToEntry(r, gateway))]), KumoJsonContext.Default.RouteList);
    }

    public static async Task<IResult> AddAsync(
        HttpContext context,
        [FromServices] IRouteStore routes,
        [FromServices] IHttpAppStore apps,
        [FromServices] IFunctionCatalog functions,
        [FromServices] RouteCache cache,
        [FromServices] GatewayOptions gateway,
        [FromServices] TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        RouteRequest? body;
        try
        {
            // Read whatever the content type says: 'curl -d' sends JSON as a form.
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, KumoJsonContext.Default.RouteRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return NativeErrors.BadRequest([$"the body is not valid JSON for a route ({e.Message}); send {Example}"]);
        }

        if (body is null)
        {
            return NativeErrors.BadRequest([$"the body is null; send {Example}"]);
        }

        var problems = new List<string>();
        var route = Check(body, problems);
        var authorizationType = body.AuthorizationType?.ToUpperInvariant();
        if (authorizationType is HttpAuthorizationTypes.Jwt or HttpAuthorizationTypes.Custom
            && body is { App: { } app, Authorizer: { Length: > 0 } authorizer }
            && AppChecks.AppProblem(app) is null)
        {
            await CheckAuthorizerAsync(app, authorizationType, authorizer, apps, problems, cancellationToken);
        }

        if (route is null || problems.Count > 0)
        {
            return NativeErrors.BadRequest(problems);
        }

        if (route.StaticBucket is { } bucketName)
        {
            var objects = context.RequestServices.GetService<IObjectStore>();
            var bucket = objects is null ? null : await objects.GetBucketAsync(bucketName, cancellationToken);
            if (bucket is null || bucket.TenantId != route.TenantId)
            {
                return NativeErrors.Missing(
                    $"there is no bucket named '{bucketName}'. Make it first (aws --endpoint-url {EndpointOf(context)} s3 mb s3://{bucketName}); " +
                    $"'kumo buckets ls' lists buckets.");
            }
        }
        else if (await functions.GetAsync(Tenants.Default, route.FunctionName, cancellationToken) is null)
        {
            return NativeErrors.Missing(
                $"there is no function named '{route.FunctionName}'. List functions with GET {NativeApi.FunctionsPath} or 'kumo functions ls'.");
        }

        // The store refuses a route whose app, method and path are taken, and (very rarely) one whose new id is.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var candidate = route with { RouteId = NewRouteId(), CreatedAt = time.GetUtcNow() };
            if (await routes.AddAsync(candidate, cancellationToken))
            {
                cache.Invalidate();
                context.Response.Headers.Location = $"{NativeApi.RoutesPath}/{candidate.RouteId}";
                return Results.Json(ToEntry(candidate, gateway), KumoJsonContext.Default.RouteEntry, statusCode: StatusCodes.Status201Created);
            }

            var existing = (await routes.ListAsync(Tenants.Default, route.App, cancellationToken))
                .FirstOrDefault(r => r.Method == route.Method && r.Path == route.Path);
            if (existing is not null)
            {
                return NativeErrors.Conflict(
                    $"app '{route.App}' already has route '{existing.RouteKey}': {existing.RouteId}. " +
                    $"Remove it first with 'kumo routes rm {existing.RouteId}' (DELETE {NativeApi.RoutesPath}/{existing.RouteId}).");
            }
        }

        return NativeErrors.Platform("Kumo could not store the route; try again.");
    }

    public static async Task<IResult> DeleteAsync(
        string id, [FromServices] IRouteStore routes, [FromServices] RouteCache cache, CancellationToken cancellationToken)
    {
        if (!await routes.DeleteAsync(Tenants.Default, id, cancellationToken))
        {
            return NativeErrors.Missing($"there is no route '{id}'. List routes with GET {NativeApi.RoutesPath} or 'kumo routes ls'.");
        }

        cache.Invalidate();
        return Results.NoContent();
    }

    /// <summary>The route the request asks for, with method in capitals and defaults filled in; null when it has problems.</summary>
    private static HttpRoute? Check(RouteRequest body, List<string> problems)
    {
        if (string.IsNullOrEmpty(body.App))
        {
            problems.Add("app is missing: give the app's name, such as \"shop\"");
        }
        else if (AppChecks.AppProblem(body.App) is { } appProblem)
        {
            problems.Add(appProblem);
        }

        var isDefault = body.Path == HttpRoute.DefaultPath;
        var method = string.IsNullOrEmpty(body.Method) ? null : body.Method.ToUpperInvariant();
        if (method is null && !isDefault)
        {
            problems.Add($"method is missing: use one of {string.Join(", ", Methods)}");
        }
        else if (method is not null && !Methods.Contains(method, StringComparer.Ordinal))
        {
            problems.Add($"method '{body.Method}' is not valid: use one of {string.Join(", ", Methods)} (any case)");
        }
        else if (isDefault && method is not (null or AnyMethod))
        {
            problems.Add($"the $default route takes every method: leave method out, or use {AnyMethod}");
        }

        if (string.IsNullOrEmpty(body.Path))
        {
            problems.Add("path is missing: give a path template such as /users/{id}, or $default");
        }
        else if (!RouteTemplate.TryParse(body.Path, out _, out var pathProblem))
        {
            problems.Add(pathProblem);
        }

        var isStatic = body.Bucket is not null;
        if (isStatic)
        {
            CheckStatic(body, method, isDefault, problems);
        }
        else if (string.IsNullOrEmpty(body.Function))
        {
            problems.Add("function is missing: give the name of the function the route invokes, or a bucket whose files the route serves");
        }
        else if (body.Prefix is not null)
        {
            problems.Add("prefix is only for a route that serves a bucket: give bucket too, or leave prefix out");
        }

        if (body.Qualifier is not (null or Latest))
        {
            problems.Add(
                $"qualifier '{body.Qualifier}' is not supported: functions have no versions or aliases in Kumo yet, " +
                $"so a route invokes {Latest}; leave qualifier out");
        }

        if (body.PayloadFormat is not (null or HttpPayloadFormats.V1 or HttpPayloadFormats.V2))
        {
            problems.Add(
                $"payloadFormat '{body.PayloadFormat}' is not valid: use {HttpPayloadFormats.V2} (the HTTP API event, the default) " +
                $"or {HttpPayloadFormats.V1} (the REST API proxy event)");
        }

        if (body.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            problems.Add(
                $"timeoutSeconds {body.TimeoutSeconds} is not valid: use a whole number from 1 to {MaxTimeoutSeconds}, " +
                "or leave it out for the function's own timeout");
        }

        var (authorizationType, scopes) = CheckAuthorization(body, problems);
        var rateLimit = AppChecks.RateLimit("rateLimit", body.RateLimit, problems);
        return problems.Count > 0
            ? null
            : new HttpRoute
            {
                TenantId = Tenants.Default,
                App = body.App!,
                RouteId = "",
                Method = method ?? AnyMethod,
                Path = body.Path!,
                FunctionName = isStatic ? "" : body.Function!,
                StaticBucket = body.Bucket,
                StaticPrefix = isStatic ? StaticPrefix(body.Prefix) : null,
                PayloadFormat = body.PayloadFormat ?? HttpPayloadFormats.V2,
                TimeoutSeconds = body.TimeoutSeconds,
                AuthorizationType = authorizationType,
                AuthorizerName = authorizationType == HttpAuthorizationTypes.None ? null : body.Authorizer,
                AuthorizationScopes = scopes,
                ApiKeyRequired = body.ApiKeyRequired ?? false,
                RateLimit = rateLimit,
            };
    }

    /// <summary>Adds the problems of a route that serves a bucket: a function beside it, a method other than GET, HEAD or ANY, a path without a greedy rest, settings only a function has.</summary>
    private static void CheckStatic(RouteRequest body, string? method, bool isDefault, List<string> problems)
    {
        if (!string.IsNullOrEmpty(body.Function))
        {
            problems.Add(
                $"give either function '{body.Function}' (a function the route invokes) or bucket '{body.Bucket}' (a bucket whose files it serves), not both");
        }

        if (BucketNames.Problem(body.Bucket!) is { } bucketProblem)
        {
            problems.Add($"bucket '{body.Bucket}' is not a bucket name: {bucketProblem}");
        }

        if (method is not (null or "GET" or "HEAD" or AnyMethod) && Methods.Contains(method, StringComparer.Ordinal))
        {
            problems.Add($"method '{method}' cannot serve files: a route that serves bucket '{body.Bucket}' takes GET, HEAD or {AnyMethod} (GET and HEAD; other methods are answered 405)");
        }

        if (!isDefault && body.Path is { Length: > 0 } path && RouteTemplate.TryParse(path, out var template, out _) && !template.IsGreedy)
        {
            problems.Add(
                $"path '{path}' cannot serve files: a route that serves a bucket ends with a greedy parameter, whose value is the file's key " +
                "(such as /{proxy+} or /static/{path+}), or is $default");
        }

        if (body.Prefix is { } prefix && Encoding.UTF8.GetByteCount(prefix) > MaxPrefixBytes)
        {
            problems.Add($"prefix is {Encoding.UTF8.GetByteCount(prefix)} bytes long: give a folder of the bucket such as site/, of at most {MaxPrefixBytes} bytes");
        }

        foreach (var (name, given) in (ReadOnlySpan<(string, bool)>)[
                     ("qualifier", body.Qualifier is not null), ("payloadFormat", body.PayloadFormat is not null), ("timeoutSeconds", body.TimeoutSeconds is not null)])
        {
            if (given)
            {
                problems.Add($"{name} is only for a route that invokes a function; a route that serves bucket '{body.Bucket}' has none: leave it out");
            }
        }
    }

    /// <summary>A static route's prefix as stored: without a leading '/', ending in '/'; null for the whole bucket.</summary>
    private static string? StaticPrefix(string? prefix)
    {
        var folder = prefix?.TrimStart('/') ?? "";
        return folder.Length == 0 ? null : folder.EndsWith('/') ? folder : folder + "/";
    }

    /// <summary>The address this request reached Kumo at, for a command the caller can type.</summary>
    private static string EndpointOf(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    /// <summary>The route's authorisation type in capitals, and its scopes; problems with them are added.</summary>
    private static (string Type, string[] Scopes) CheckAuthorization(RouteRequest body, List<string> problems)
    {
        var type = body.AuthorizationType?.ToUpperInvariant() ?? HttpAuthorizationTypes.None;
        var known = AuthorizationTypes.Contains(type, StringComparer.Ordinal);
        if (!known)
        {
            problems.Add(
                $"authorizationType '{body.AuthorizationType}' is not valid: use {HttpAuthorizationTypes.None} (anyone, the default), " +
                $"{HttpAuthorizationTypes.Jwt} (a bearer JWT) or {HttpAuthorizationTypes.Custom} (a function decides), in any case");
            type = HttpAuthorizationTypes.None;
        }
        else if (type == HttpAuthorizationTypes.None && body.Authorizer is not null)
        {
            problems.Add(
                $"authorizer '{body.Authorizer}' is only for {HttpAuthorizationTypes.Jwt} and {HttpAuthorizationTypes.Custom} routes: " +
                $"give authorizationType too, or leave authorizer out");
        }
        else if (type != HttpAuthorizationTypes.None && string.IsNullOrEmpty(body.Authorizer))
        {
            problems.Add(
                $"authorizer is missing: a {type} route names the app's {AuthorizerTypeFor(type)} authoriser that checks callers");
        }

        var scopes = AppChecks.List("scopes", body.Scopes, s => s.Length > 0 && !s.Any(char.IsWhiteSpace), "each scope is a word without spaces, such as orders:read", problems);
        if (scopes.Length > 0 && known && type != HttpAuthorizationTypes.Jwt)
        {
            problems.Add($"scopes are only for {HttpAuthorizationTypes.Jwt} routes: the token must carry one of them; leave scopes out");
        }

        return (type, scopes);
    }

    /// <summary>Adds a problem when <paramref name="app"/> has no authoriser <paramref name="name"/> of the type <paramref name="authorizationType"/> needs.</summary>
    private static async Task CheckAuthorizerAsync(
        string app, string authorizationType, string name, IHttpAppStore apps, List<string> problems, CancellationToken cancellationToken)
    {
        var expected = AuthorizerTypeFor(authorizationType);
        var settings = await apps.GetAsync(Tenants.Default, app, cancellationToken);
        var authorizers = settings?.Authorizers ?? new Dictionary<string, HttpAuthorizer>();
        if (authorizers.GetValueOrDefault(name)?.Type == expected)
        {
            return;
        }

        var has = authorizers.Count == 0
            ? "it has no authorisers"
            : "it has " + string.Join(", ", authorizers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value.Type} authoriser '{a.Key}'"));
        problems.Add(
            $"authorizer '{name}' is not a {expected} authoriser of app '{app}' ({has}): a {authorizationType} route needs one; " +
            $"add it with 'kumo apps put {app} --file SETTINGS' (PUT {NativeApi.AppsPath}/{app})");
    }

    private static string NewRouteId() => RouteIdPrefix + RandomNumberGenerator.GetString(RouteIdAlphabet, RouteIdLength);

    private static RouteEntry ToEntry(HttpRoute route, GatewayOptions gateway)
    {
        var appUrl = gateway.AppUrl(route.App);
        return new()
        {
            RouteId = route.RouteId,
            App = route.App,
            Method = route.Method,
            Path = route.Path,
            RouteKey = route.RouteKey,
            Function = route.IsStatic ? null : route.FunctionName,
            Bucket = route.StaticBucket,
            Prefix = route.StaticPrefix,
            Qualifier = route.Qualifier,
            PayloadFormat = route.PayloadFormat,
            TimeoutSeconds = route.TimeoutSeconds,
            AuthorizationType = route.AuthorizationType,
            Authorizer = route.AuthorizerName,
            Scopes = route.AuthorizationScopes.Count > 0 ? route.AuthorizationScopes : null,
            ApiKeyRequired = route.ApiKeyRequired,
            RateLimit = route.RateLimit?.ToSettings(),
            CreatedAt = route.CreatedAt,
            Url = route.Path == HttpRoute.DefaultPath ? appUrl : appUrl.TrimEnd('/') + route.Path,
        };
    }
}
