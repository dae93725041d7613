using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// One of a website's <c>RoutingRules</c>: a condition (a key prefix, a returned error status, both, or none for every
/// request) and a redirect (another host or protocol, a replaced key or key prefix, a 3XX status). A rule with an
/// error condition applies after the object was looked for; the others apply before.
/// </summary>
internal sealed record WebsiteRoutingRule
{
    /// <summary>Whether the rule has a <c>Condition</c> at all (a rule without one applies to every request).</summary>
    [JsonIgnore]
    public bool HasCondition => KeyPrefixEquals is not null || HttpErrorCodeReturnedEquals is not null;

    /// <summary><c>Condition/KeyPrefixEquals</c>: the rule applies to keys that start with this.</summary>
    public string? KeyPrefixEquals { get; init; }

    /// <summary><c>Condition/HttpErrorCodeReturnedEquals</c>: the rule applies when serving the key would answer this status (4XX or 5XX).</summary>
    public int? HttpErrorCodeReturnedEquals { get; init; }

    /// <summary><c>Redirect/HostName</c>: the host to redirect to; null for the request's own.</summary>
    public string? HostName { get; init; }

    /// <summary><c>Redirect/Protocol</c>: <c>http</c> or <c>https</c>; null for the request's own.</summary>
    public string? Protocol { get; init; }

    /// <summary><c>Redirect/ReplaceKeyPrefixWith</c>: replaces <see cref="KeyPrefixEquals"/> (or nothing) at the start of the key.</summary>
    public string? ReplaceKeyPrefixWith { get; init; }

    /// <summary><c>Redirect/ReplaceKeyWith</c>: the whole key to redirect to.</summary>
    public string? ReplaceKeyWith { get; init; }

    /// <summary><c>Redirect/HttpRedirectCode</c>: the redirect's status (3XX but 300); null for 301.</summary>
    public int? HttpRedirectCode { get; init; }

    /// <summary>Whether the rule applies to <paramref name="key"/>, before it is looked for (<paramref name="error"/> null) or after it answered <paramref name="error"/>.</summary>
    public bool AppliesTo(string key, int? error) =>
        HttpErrorCodeReturnedEquals == error && key.StartsWith(KeyPrefixEquals ?? "", StringComparison.Ordinal);

    /// <summary>The key the request is redirected to.</summary>
    public string RedirectKey(string key) =>
        ReplaceKeyWith ?? (ReplaceKeyPrefixWith is { } prefix ? prefix + key[(KeyPrefixEquals ?? "").Length..] : key);

    /// <summary>
    /// The redirect's <c>Location</c>: on the same host (under <paramref name="basePath"/>, the site's path-form prefix
    /// if any) when the rule names neither host nor protocol, else absolute.
    /// </summary>
    public string Location(HttpRequest request, string basePath, string key)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = WebsiteKeys.Path(RedirectKey(key));
        if (HostName is null && Protocol is null)
        {
            return basePath + path;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Protocol ?? request.Scheme}://{HostName ?? request.Host.Value}{(HostName is null ? basePath : "")}{path}");
    }
}
