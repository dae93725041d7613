namespace Kumo.Gateway.Http;

/// <summary>
/// Keeps a redirect made from the request's own path on the same site: a path that starts with <c>//</c> (or <c>/\</c>)
/// is what a browser reads as another host (<c>//evil.example/</c>), so the leading slashes are folded into one.
/// </summary>
internal static class LocalRedirect
{
    /// <summary><paramref name="location"/> with its leading run of <c>/</c> and <c>\</c> made a single <c>/</c>, when it starts with one; else unchanged.</summary>
    public static string Of(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Length < 2 || location[0] != '/' || location[1] is not ('/' or '\\'))
        {
            return location;
        }

        return "/" + location.TrimStart('/', '\\');
    }
}
