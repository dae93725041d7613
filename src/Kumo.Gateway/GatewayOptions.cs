namespace Kumo.Gateway;

/// <summary>What the gateway needs to know about where it is reached, to hand out addresses (function URLs, app APIs).</summary>
public sealed record GatewayOptions
{
    /// <summary>The port Kumo listens on; 0 when the system chose one (then <see cref="EffectivePort"/> reads it from the server).</summary>
    public int Port { get; init; } = 7070;

    /// <summary>Reads the port the server actually listens on, for <see cref="Port"/> 0; set when the gateway is mapped.</summary>
    internal Func<int?>? ListeningPort { get; set; }

    /// <summary>The port to put in addresses: <see cref="Port"/>, or the one the system chose.</summary>
    public int EffectivePort => Port != 0 ? Port : ListeningPort?.Invoke() ?? Port;

    /// <summary>
    /// The host name under which function URLs and apps get their own host names:
    /// <c>{url-id}.lambda-url.{BaseHost}</c> and <c>{app}.api.{BaseHost}</c>. <c>localhost</c> by default: browsers
    /// and curl send every <c>*.localhost</c> name to the loopback address.
    /// </summary>
    public string BaseHost { get; init; } = "localhost";

    /// <summary>The label after a function URL's id in its host name, as on AWS.</summary>
    public const string FunctionUrlLabel = "lambda-url";

    /// <summary>The label after an app's name in its host name.</summary>
    public const string AppLabel = "api";

    /// <summary>The path prefix of the path-based form of function URLs: <c>/_kumo/url/{url-id}/…</c>.</summary>
    public const string FunctionUrlPathPrefix = "/_kumo/url/";

    /// <summary>The path prefix of the path-based form of app APIs: <c>/_kumo/api/{app}/…</c>.</summary>
    public const string AppPathPrefix = "/_kumo/api/";

    /// <summary>
    /// The label of the S3 API's host names, as on AWS: <c>s3.localhost</c> path-style, <c>{bucket}.s3.localhost</c>
    /// virtual-hosted, each also with a region label (<c>s3.us-east-1.localhost</c>).
    /// </summary>
    public const string S3Label = "s3";

    /// <summary>The label after a bucket's name in the host name of its static website, as on AWS (<c>{bucket}.s3-website.localhost</c>).</summary>
    public const string WebsiteLabel = "s3-website";

    /// <summary>The path prefix of the path-based form of buckets' static websites: <c>/_kumo/site/{bucket}/…</c>.</summary>
    public const string WebsitePathPrefix = "/_kumo/site/";

    /// <summary>A function URL's address, host-based: <c>http://{id}.lambda-url.localhost:7070/</c>.</summary>
    public string FunctionUrl(string urlId) => $"http://{urlId}.{FunctionUrlLabel}.{BaseHost}:{EffectivePort}/";

    /// <summary>A function URL's path-based address, for clients that cannot set a host: <c>http://127.0.0.1:7070/_kumo/url/{id}/</c>.</summary>
    public string FunctionUrlByPath(string urlId, string host) => $"http://{host}:{EffectivePort}{FunctionUrlPathPrefix}{urlId}/";

    /// <summary>An app's API address, host-based: <c>http://{app}.api.localhost:7070/</c>.</summary>
    public string AppUrl(string app) => $"http://{app}.{AppLabel}.{BaseHost}:{EffectivePort}/";

    /// <summary>A bucket's static website, host-based: <c>http://{bucket}.s3-website.localhost:7070/</c>.</summary>
    public string WebsiteUrl(string bucket) => $"http://{bucket}.{WebsiteLabel}.{BaseHost}:{EffectivePort}/";
}
