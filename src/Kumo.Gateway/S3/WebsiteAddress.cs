using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.S3;

/// <summary>
/// A request for a bucket's static website: by host, <c>{bucket}.s3-website.localhost</c> (also
/// <c>{bucket}.s3-website-{region}.localhost</c> and <c>{bucket}.s3-website.{region}.localhost</c>, as AWS spells its
/// endpoints), or by path, <c>/_kumo/site/{bucket}/…</c> for clients that cannot set a host.
/// </summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="RawPath">The path below the site's root, as the client sent it (percent-encoded), starting with '/'.</param>
/// <param name="BasePath">What comes before <paramref name="RawPath"/> in the request's path: empty by host, <c>/_kumo/site/{bucket}</c> by path.</param>
internal sealed record WebsiteAddress(string Bucket, string RawPath, string BasePath)
{
    /// <summary>The website the request is for, or null when it is not for one.</summary>
    public static WebsiteAddress? Of(HttpContext context, string baseHost)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = RequestPath(context);
        if (BucketOfHost(context.Request.Host.Host, baseHost) is { } bucket)
        {
            return new WebsiteAddress(bucket, path, "");
        }

        if (!path.StartsWith(GatewayOptions.WebsitePathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[GatewayOptions.WebsitePathPrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]).ToLowerInvariant();
        return name.Length == 0
            ? null
            : new WebsiteAddress(name, slash < 0 ? "" : rest[slash..], GatewayOptions.WebsitePathPrefix + name);
    }

    /// <summary>
    /// The bucket of a website host name under <paramref name="baseHost"/>, or null for any other host:
    /// <c>{bucket}.s3-website</c>, <c>{bucket}.s3-website-{region}</c> or <c>{bucket}.s3-website.{region}</c> before it.
    /// </summary>
    public static string? BucketOfHost(string host, string baseHost)
    {
        var suffix = "." + baseHost;
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var labels = host[..^suffix.Length].ToLowerInvariant();
        var lastDot = labels.LastIndexOf('.');
        if (lastDot > 0 && RegionNames.IsRegion(labels[(lastDot + 1)..]))
        {
            labels = labels[..lastDot];
            lastDot = labels.LastIndexOf('.');
        }

        if (lastDot <= 0)
        {
            return null;
        }

        var label = labels[(lastDot + 1)..];
        var isWebsite = label == GatewayOptions.WebsiteLabel
            || (label.StartsWith(GatewayOptions.WebsiteLabel + "-", StringComparison.Ordinal) && RegionNames.IsRegion(label[(GatewayOptions.WebsiteLabel.Length + 1)..]));
        return isWebsite ? labels[..lastDot] : null;
    }

    /// <summary>The request's path as the client sent it, percent-encoding and all.</summary>
    private static string RequestPath(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (!path.StartsWith('/'))
        {
            path = Uri.TryCreate(path, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : "/";
        }

        return path;
    }
}
