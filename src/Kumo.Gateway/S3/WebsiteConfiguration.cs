namespace Kumo.Gateway.S3;

/// <summary>
/// A bucket's static website configuration (S3's <c>WebsiteConfiguration</c>), as PutBucketWebsite sets it and the
/// bucket setting <see cref="Kumo.Abstractions.Objects.BucketSettings.Website"/> keeps it (JSON). Either
/// <see cref="RedirectAllRequestsTo"/> alone, or an <see cref="IndexSuffix"/> with an optional
/// <see cref="ErrorKey"/> and <see cref="RoutingRules"/>; <see cref="WebsiteXml.Read"/> checks that.
/// </summary>
internal sealed record WebsiteConfiguration
{
    /// <summary>The index document's name (<c>IndexDocument/Suffix</c>), appended to a request for <c>/</c> or a key ending in <c>/</c>; no '/' in it.</summary>
    public string? IndexSuffix { get; init; }

    /// <summary>The key of the object sent, with status 404, for a key that does not exist (<c>ErrorDocument/Key</c>).</summary>
    public string? ErrorKey { get; init; }

    /// <summary>Where every request is redirected instead (<c>RedirectAllRequestsTo</c>).</summary>
    public WebsiteHostRedirect? RedirectAllRequestsTo { get; init; }

    /// <summary>Conditional redirects, in the order they are tried (<c>RoutingRules</c>).</summary>
    public IReadOnlyList<WebsiteRoutingRule> RoutingRules { get; init; } = [];
}
