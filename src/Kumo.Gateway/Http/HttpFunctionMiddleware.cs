using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.Http;

/// <summary>
/// Sends requests for function URLs and apps to <see cref="HttpFunctionHandler"/>, before Kumo's own APIs see
/// them: by host (<c>{url-id}.lambda-url.localhost</c>, <c>{app}.api.localhost</c>) or by path
/// (<c>/_kumo/url/{url-id}/…</c>, <c>/_kumo/api/{app}/…</c>). Everything else goes on to Kumo's APIs.
/// </summary>
internal sealed class HttpFunctionMiddleware(RequestDelegate next, GatewayOptions options, PlatformLifecycle lifecycle, HttpFunctionHandler handler)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryTarget(context, out var kind, out var name, out var rawPath))
        {
            await next(context);
            return;
        }

        if (lifecycle.State == PlatformState.Starting)
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpAnswers.MessageAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable: Kumo is still starting; try again in a moment.");
            return;
        }

        if (kind == TargetKind.FunctionUrl)
        {
            await handler.ServeFunctionUrlAsync(context, name, rawPath);
        }
        else
        {
            await handler.ServeAppAsync(context, name, rawPath);
        }
    }

    private bool TryTarget(HttpContext context, out TargetKind kind, out string name, out string rawPath)
    {
        // The raw target keeps the path's percent-encoding as the client sent it: functions see that in rawPath.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (!path.StartsWith('/'))
        {
            // An absolute-form target (http://host/path): its path starts after the authority.
            path = Uri.TryCreate(path, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : "/";
        }

        var host = context.Request.Host.Host;
        if (Label(host, GatewayOptions.FunctionUrlLabel) is { } urlId)
        {
            (kind, name, rawPath) = (TargetKind.FunctionUrl, urlId, path);
            return true;
        }

        if (Label(host, GatewayOptions.AppLabel) is { } app)
        {
            (kind, name, rawPath) = (TargetKind.App, app, path);
            return true;
        }

        if (Prefixed(path, GatewayOptions.FunctionUrlPathPrefix, out name, out rawPath))
        {
            kind = TargetKind.FunctionUrl;
            return true;
        }

        if (Prefixed(path, GatewayOptions.AppPathPrefix, out name, out rawPath))
        {
            kind = TargetKind.App;
            return true;
        }

        kind = default;
        return false;
    }

    /// <summary>The first label of <c>{label}.{kind}.{base host}</c>, lower-cased; null for any other host.</summary>
    private string? Label(string host, string kind)
    {
        var suffix = $".{kind}.{options.BaseHost}";
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = host[..^suffix.Length];
        return label.Contains('.', StringComparison.Ordinal) ? null : label.ToLowerInvariant();
    }

    /// <summary>Splits <c>{prefix}{name}/rest</c> into the name and <c>/rest</c>.</summary>
    private static bool Prefixed(string path, string prefix, out string name, out string rest)
    {
        name = "";
        rest = "/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var remainder = path[prefix.Length..];
        var slash = remainder.IndexOf('/', StringComparison.Ordinal);
        name = (slash >= 0 ? remainder[..slash] : remainder).ToLowerInvariant();
        rest = slash >= 0 ? remainder[slash..] : "/";
        return name.Length > 0;
    }

    private enum TargetKind
    {
        FunctionUrl,
        App,
    }
}
