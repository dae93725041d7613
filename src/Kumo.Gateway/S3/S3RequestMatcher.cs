using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Gateway.S3;

/// <summary>
/// Tells S3 requests from the rest of what arrives on Kumo's one port, as LocalStack's edge port does: by host
/// (<c>s3.localhost</c> and <c>s3.{region}.localhost</c> path-style, <c>{bucket}.s3.localhost</c> and
/// <c>{bucket}.s3.{region}.localhost</c> virtual-hosted, under <see cref="GatewayOptions.BaseHost"/>), or on any
/// host by a SigV4 signature scoped to the service <c>s3</c> (an <c>Authorization</c> header or a presigned URL's
/// <c>X-Amz-Credential</c>), which is how <c>aws --endpoint-url http://127.0.0.1:7070 s3 …</c> and the SDKs arrive:
/// path-style, or virtual-hosted at <c>{bucket}.localhost</c> when the endpoint is a name rather than an address.
/// S3's older SigV2 signatures (<see cref="SigV2Signature"/>) count too.
/// </summary>
internal sealed class S3RequestMatcher(GatewayOptions options)
{
    private const string Label = GatewayOptions.S3Label;

    /// <summary>What the request addresses, or null when it is not an S3 request.</summary>
    public S3Target? Match(HttpContext context)
    {
        var request = context.Request;
        var scope = SigV4Scope.Of(request);
        var sigV2 = scope is null && SigV2Signature.IsS3(request, out var presignedV2) ? presignedV2 : (bool?)null;
        var presigned = scope is { Presigned: true } || sigV2 is true;
        string? bucket;
        string? region;
        if (MatchHost(request.Host.Host, out bucket, out region))
        {
            region ??= scope?.Region;
        }
        else if ((scope is { Service: Label } || sigV2 is not null) && !IsKumoAddress(request))
        {
            (bucket, region) = (SignedVirtualHostBucket(request.Host.Host), scope?.Region);
        }
        else
        {
            return null;
        }

        var path = RawPath(context);
        if (bucket is not null)
        {
            return new S3Target(bucket, Decode(path.Length > 1 ? path[1..] : ""), region, presigned);
        }

        var rest = path.TrimStart('/');
        if (rest.Length == 0)
        {
            return new S3Target(null, "", region, presigned);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new S3Target(Decode(rest), "", region, presigned)
            : new S3Target(Decode(rest[..slash]), Decode(rest[(slash + 1)..]), region, presigned);
    }

    /// <summary>
    /// Whether <paramref name="host"/> is one of S3's host names under the base host; <paramref name="bucket"/> is
    /// the virtual-hosted bucket (null for path-style), <paramref name="region"/> the region label if any.
    /// </summary>
    public bool MatchHost(string host, out string? bucket, out string? region)
    {
        bucket = null;
        region = null;
        var suffix = "." + options.BaseHost;
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var labels = host[..^suffix.Length].ToLowerInvariant();
        var lastDot = labels.LastIndexOf('.');
        if (lastDot > 0 && RegionNames.IsRegion(labels[(lastDot + 1)..]))
        {
            region = labels[(lastDot + 1)..];
            labels = labels[..lastDot];
        }

        if (labels == Label)
        {
            return true;
        }

        if (labels.EndsWith("." + Label, StringComparison.Ordinal) && labels.Length > Label.Length + 1)
        {
            bucket = labels[..^(Label.Length + 1)];
            return true;
        }

        region = null;
        return false;
    }

    /// <summary>
    /// The bucket of a virtual-hosted request signed for S3 to <c>{bucket}.localhost</c>: the AWS SDKs and the aws CLI
    /// address a bucket that way when the endpoint is <c>http://localhost:7070</c> (not an IP address) and path-style
    /// addressing is not forced. Null for any other host, which then carries the bucket in its path.
    /// </summary>
    private string? SignedVirtualHostBucket(string host)
    {
        var suffix = "." + options.BaseHost;
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bucket = host[..^suffix.Length].ToLowerInvariant();
        return BucketNames.Problem(bucket) is null ? bucket : null;
    }

    /// <summary>
    /// Whether the request is for one of Kumo's own addresses — a function URL, app or bucket website host, or a path
    /// under <c>/_kumo/</c> — which stay Kumo's even when the caller signs for S3 (no bucket name can start with '_').
    /// </summary>
    private bool IsKumoAddress(HttpRequest request)
    {
        var host = request.Host.Host;
        if (WebsiteAddress.BucketOfHost(host, options.BaseHost) is not null)
        {
            return true;
        }

        foreach (var label in (ReadOnlySpan<string>)[GatewayOptions.FunctionUrlLabel, GatewayOptions.AppLabel])
        {
            if (host.EndsWith($".{label}.{options.BaseHost}", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return request.Path.StartsWithSegments("/_kumo", StringComparison.Ordinal);
    }

    /// <summary>The request's path as the client sent it, percent-encoding and all: keys may hold '%2F', '//' or '..'.</summary>
    private static string RawPath(HttpContext context)
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

    private static string Decode(string value) => Uri.UnescapeDataString(value);
}
