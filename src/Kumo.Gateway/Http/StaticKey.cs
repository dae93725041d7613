namespace Kumo.Gateway.Http;

/// <summary>What a request to a static route asks for in its bucket.</summary>
/// <param name="Key">The object to send; null when the path names a folder without its trailing '/' (<c>/docs</c>).</param>
/// <param name="FolderIndex">
/// When the path has no trailing '/': the index document of the folder it would name (<c>docs/index.html</c>), whose
/// existence turns a missing <paramref name="Key"/> into a 302 to the path with '/'. Null for a path ending in '/'.
/// </param>
internal readonly record struct StaticKey(string? Key, string? FolderIndex)
{
    /// <summary>The object sent for <c>/</c> and for any path ending in '/'.</summary>
    public const string IndexDocument = "index.html";

    /// <summary>
    /// The key for <paramref name="rest"/>, the decoded part of the path the route does not fix (its greedy parameter,
    /// or the whole path for <c>$default</c>), under <paramref name="prefix"/> (empty or ending in '/').
    /// </summary>
    public static StaticKey For(string prefix, string rest, bool trailingSlash)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(rest);
        var folder = rest.Length == 0 ? prefix : prefix + rest + "/";
        if (trailingSlash)
        {
            return new StaticKey(folder + IndexDocument, null);
        }

        return new StaticKey(rest.Length == 0 ? null : prefix + rest, folder + IndexDocument);
    }
}
