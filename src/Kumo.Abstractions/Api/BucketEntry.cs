namespace Kumo.Abstractions.Api;

/// <summary>A bucket, as <c>GET /_kumo/v1/buckets</c> lists it.</summary>
/// <param name="Name">The bucket's name.</param>
/// <param name="Region">The region it was made in.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record BucketEntry(string Name, string Region, DateTimeOffset CreatedAt);
