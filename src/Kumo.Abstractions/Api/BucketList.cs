namespace Kumo.Abstractions.Api;

/// <summary>The answer of <c>GET /_kumo/v1/buckets</c>: the tenant's buckets, by name.</summary>
/// <param name="Buckets">The buckets.</param>
public sealed record BucketList(IReadOnlyList<BucketEntry> Buckets);
