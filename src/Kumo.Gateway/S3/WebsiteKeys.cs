namespace Kumo.Gateway.S3;

/// <summary>Keys of a website's objects, turned into the paths of its addresses and back.</summary>
internal static class WebsiteKeys
{
    /// <summary>The path of a key: <c>/</c> and the key, each segment percent-encoded, the '/' between them kept.</summary>
    public static string Path(string key) => "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The key a request path (as the client sent it, below the site's root) names: without its leading '/', decoded.</summary>
    public static string FromPath(string rawPath) => Uri.UnescapeDataString(rawPath.StartsWith('/') ? rawPath[1..] : rawPath);
}
