using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Gateway.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// Apps' settings and API keys: <c>GET /_kumo/v1/apps</c> lists apps, <c>GET</c>, <c>PUT</c> and <c>DELETE
/// /_kumo/v1/apps/{app}</c> show, replace and remove one app's settings, and <c>…/{app}/keys</c> makes, lists and
/// removes its API keys. A change is served by this node at once, by others within a second.
/// </summary>
/// <remarks>
/// A change reads the app's settings, changes them and writes them back whole. Two administrators changing the
/// same app at once can lose one change (say, a key made while the settings are replaced); that is accepted for
/// now, as changes are rare and made by hand. A version check in <see cref="IHttpAppStore.PutAsync"/> would close it.
/// </remarks>
internal static class AppEndpoints
{
    /// <summary>What every API key id starts with.</summary>
    public const string KeyIdPrefix = "k-";

    public const int MaxKeyNameLength = 128;

    /// <summary>The bytes of randomness in an API key.</summary>
    public const int KeyBytes = 32;

    private const int KeyIdLength = 10;
    private const string KeyIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string AppExample =
        """{"cors": {"allowOrigins": ["https://shop.example"]}, "debug": false, "authorizers": {"users": {"type": "jwt", "jwksUri": "https://id.example/jwks.json"}}}""";
    private const string KeyExample = """{"name": "partner-a", "rateLimit": {"rate": 5, "burst": 10}}""";

    public static async Task<IResult> ListAsync(
        [FromServices] IRouteStore routes, [FromServices] IHttpAppStore apps, [FromServices] GatewayOptions gateway, CancellationToken cancellationToken)
    {
        var routeCounts = (await routes.ListAsync(Tenants.Default, null, cancellationToken))
            .GroupBy(r => r.App, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var settings = (await apps.ListAsync(Tenants.Default, cancellationToken)).ToDictionary(a => a.Name, StringComparer.Ordinal);
        var entries = routeCounts.Keys.Union(settings.Keys)
            .Order(StringComparer.Ordinal)
            .Select(name => AppEntries.ToEntry(name, settings.GetValueOrDefault(name), routeCounts.GetValueOrDefault(name), gateway))
            .ToList();
        return Results.Json(new AppList(entries), KumoJsonContext.Default.AppList);
    }

    public static async Task<IResult> GetAsync(
        string app, [FromServices] IRouteStore routes, [FromServices] IHttpAppStore apps, [FromServices] GatewayOptions gateway, CancellationToken cancellationToken)
    {
        if (AppChecks.AppProblem(app) is { } problem)
        {
            return NativeErrors.BadRequest([problem]);
        }

        var settings = await apps.GetAsync(Tenants.Default, app, cancellationToken);
        var appRoutes = await routes.ListAsync(Tenants.Default, app, cancellationToken);
        return settings is null && appRoutes.Count == 0
            ? NoSuchApp(app)
            : Results.Json(AppEntries.ToEntry(app, settings, appRoutes.Count, gateway), KumoJsonContext.Default.AppEntry);
    }

    public static async Task<IResult> PutAsync(
        string app,
        HttpContext context,
        [FromServices] IRouteStore routes,
        [FromServices] IHttpAppStore apps,
        [FromServices] IFunctionCatalog functions,
        [FromServices] RouteCache cache,
        [FromServices] GatewayOptions gateway,
        [FromServices] TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var (body, refusal) = await ReadAsync(context, KumoJsonContext.Default.AppRequest, "an app's settings", AppExample);
        if (body is null)
        {
            return refusal!;
        }

        var problems = new List<string>();
        if (AppChecks.AppProblem(app) is { } appProblem)
        {
            problems.Add(appProblem);
        }

        var asked = await AppChecks.CheckAsync(app, body, functions, problems, cancellationToken);
        if (asked is null || problems.Count > 0)
        {
            return NativeErrors.BadRequest(problems);
        }

        var appRoutes = await routes.ListAsync(Tenants.Default, app, cancellationToken);
        var broken = appRoutes.Where(r => r.AuthorizationType != HttpAuthorizationTypes.None && !Serves(asked, r)).ToList();
        if (broken.Count > 0)
        {
            return NativeErrors.Conflict(
                $"app '{app}' has routes that need authorisers these settings remove or change: {string.Join("; ", broken.Select(Uses))}. " +
                "Keep those authorisers, or remove the routes first ('kumo routes rm ROUTE-ID').");
        }

        var existing = await apps.GetAsync(Tenants.Default, app, cancellationToken);
        var settings = asked with { ApiKeys = existing?.ApiKeys ?? [], LastModified = time.GetUtcNow() };
        await apps.PutAsync(settings, cancellationToken);
        cache.Invalidate();
        return Results.Json(AppEntries.ToEntry(app, settings, appRoutes.Count, gateway), KumoJsonContext.Default.AppEntry);
    }

    public static async Task<IResult> DeleteAsync(
        string app, [FromServices] IRouteStore routes, [FromServices] IHttpAppStore apps, [FromServices] RouteCache cache, CancellationToken cancellationToken)
    {
        if (AppChecks.AppProblem(app) is { } problem)
        {
            return NativeErrors.BadRequest([problem]);
        }

        if (await apps.GetAsync(Tenants.Default, app, cancellationToken) is null)
        {
            return NativeErrors.Missing($"app '{app}' has no settings. List apps with GET {NativeApi.AppsPath} or 'kumo apps ls'.");
        }

        var dependent = (await routes.ListAsync(Tenants.Default, app, cancellationToken))
            .Where(r => r.AuthorizationType != HttpAuthorizationTypes.None || r.ApiKeyRequired)
            .ToList();
        if (dependent.Count > 0)
        {
            return NativeErrors.Conflict(
                $"app '{app}' has routes that use its settings: {string.Join("; ", dependent.Select(Uses))}. " +
                "Remove those routes first ('kumo routes rm ROUTE-ID'); its routes are kept when its settings are removed.");
        }

        await apps.DeleteAsync(Tenants.Default, app, cancellationToken);
        cache.Invalidate();
        return Results.NoContent();
    }

    public static async Task<IResult> AddKeyAsync(
        string app, HttpContext context, [FromServices] IHttpAppStore apps, [FromServices] RouteCache cache, [FromServices] TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var (body, refusal) = await ReadAsync(context, KumoJsonContext.Default.ApiKeyRequest, "an API key", KeyExample);
        if (body is null)
        {
            return refusal!;
        }

        var problems = new List<string>();
        if (AppChecks.AppProblem(app) is { } appProblem)
        {
            problems.Add(appProblem);
        }

        if (string.IsNullOrEmpty(body.Name))
        {
            problems.Add("name is missing: say what the key is for, such as \"partner-a\"");
        }
        else if (body.Name.Length > MaxKeyNameLength || body.Name.Any(char.IsControl))
        {
            problems.Add($"name is not valid: use 1 to {MaxKeyNameLength} characters without control characters");
        }

        var limit = AppChecks.RateLimit("rateLimit", body.RateLimit, problems);
        if (problems.Count > 0)
        {
            return NativeErrors.BadRequest(problems);
        }

        // The key is shown once, here; only its SHA-256 is kept, as the gateway compares it.
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));
        var now = time.GetUtcNow();
        var apiKey = new HttpApiKey(NewKeyId(), body.Name!, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), limit, now);
        var settings = await apps.GetAsync(Tenants.Default, app, cancellationToken) ?? new HttpApp { TenantId = Tenants.Default, Name = app };
        await apps.PutAsync(settings with { ApiKeys = [.. settings.ApiKeys, apiKey], LastModified = now }, cancellationToken);
        cache.Invalidate();
        context.Response.Headers.Location = $"{NativeApi.AppsPath}/{app}{NativeApi.KeysSuffix}/{apiKey.Id}";
        var created = new ApiKeyCreated { Id = apiKey.Id, Name = apiKey.Name, Key = key, RateLimit = limit?.ToSettings(), CreatedAt = now };
        return Results.Json(created, KumoJsonContext.Default.ApiKeyCreated, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListKeysAsync(
        string app, [FromServices] IRouteStore routes, [FromServices] IHttpAppStore apps, CancellationToken cancellationToken)
    {
        if (AppChecks.AppProblem(app) is { } problem)
        {
            return NativeErrors.BadRequest([problem]);
        }

        var settings = await apps.GetAsync(Tenants.Default, app, cancellationToken);
        if (settings is null && (await routes.ListAsync(Tenants.Default, app, cancellationToken)).Count == 0)
        {
            return NoSuchApp(app);
        }

        return Results.Json(new ApiKeyList([.. (settings?.ApiKeys ?? []).Select(AppEntries.ToEntry)]), KumoJsonContext.Default.ApiKeyList);
    }

    public static async Task<IResult> DeleteKeyAsync(
        string app, string id, [FromServices] IHttpAppStore apps, [FromServices] RouteCache cache, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        if (AppChecks.AppProblem(app) is { } problem)
        {
            return NativeErrors.BadRequest([problem]);
        }

        var settings = await apps.GetAsync(Tenants.Default, app, cancellationToken);
        if (settings is null || !settings.ApiKeys.Any(k => k.Id == id))
        {
            return NativeErrors.Missing(
                $"app '{app}' has no API key '{id}'. List its keys with GET {NativeApi.AppsPath}/{app}{NativeApi.KeysSuffix} or 'kumo apps keys ls {app}'.");
        }

        await apps.PutAsync(settings with { ApiKeys = [.. settings.ApiKeys.Where(k => k.Id != id)], LastModified = time.GetUtcNow() }, cancellationToken);
        cache.Invalidate();
        return Results.NoContent();
    }

    /// <summary>Whether <paramref name="settings"/> have the authoriser, of the right type, that <paramref name="route"/> names.</summary>
    private static bool Serves(HttpApp settings, HttpRoute route) =>
        settings.Authorizers.GetValueOrDefault(route.AuthorizerName ?? "") is { } authorizer
        && authorizer.Type == RouteEndpoints.AuthorizerTypeFor(route.AuthorizationType);

    /// <summary>What a route uses of its app's settings, as a message says it: <c>r-… (GET /a) uses jwt authoriser 'users'</c>.</summary>
    private static string Uses(HttpRoute route)
    {
        var uses = new List<string>();
        if (route.AuthorizationType != HttpAuthorizationTypes.None)
        {
            uses.Add($"{RouteEndpoints.AuthorizerTypeFor(route.AuthorizationType)} authoriser '{route.AuthorizerName}'");
        }

        if (route.ApiKeyRequired)
        {
            uses.Add("API keys");
        }

        return $"{route.RouteId} ({route.RouteKey}) uses {string.Join(" and ", uses)}";
    }

    private static IResult NoSuchApp(string app) =>
        NativeErrors.Missing($"there is no app '{app}': it has neither routes nor settings. List apps with GET {NativeApi.AppsPath} or 'kumo apps ls'.");

    /// <summary>The body as <typeparamref name="T"/>, or the 400 that says what to send.</summary>
    private static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, string what, string example)
        where T : class
    {
        try
        {
            // Read whatever the content type says: 'curl -d' sends JSON as a form.
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            return body is null ? (null, NativeErrors.BadRequest([$"the body is null; send {example}"])) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, NativeErrors.BadRequest([$"the body is not valid JSON for {what} ({e.Message}); send {example}"]));
        }
    }

    private static string NewKeyId() => KeyIdPrefix + RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
}
