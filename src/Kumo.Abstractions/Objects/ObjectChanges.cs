namespace Kumo.Abstractions.Objects;

/// <summary>
/// Who made a change to an object, kept with the change for the bucket's event notifications: the S3 request's id,
/// the caller's address and its <c>X-Amzn-Trace-Id</c> (which carries the lineage that recursive loop detection
/// counts).
/// </summary>
/// <param name="RequestId">The S3 request's id (<c>x-amz-request-id</c>).</param>
/// <param name="SourceIp">The caller's address, if known.</param>
/// <param name="TraceHeader">The request's <c>X-Amzn-Trace-Id</c> header, if any.</param>
public sealed record ObjectChangeOrigin(string RequestId, string? SourceIp, string? TraceHeader);

/// <summary>
/// A change to an object in a bucket that has a notification configuration, recorded by the store in the same
/// transaction as the change itself, so no committed change misses its notification.
/// </summary>
public sealed record ObjectChange
{
    /// <summary>The change's place in the store's sequence: increasing, never reused. S3's <c>sequencer</c> comes from it.</summary>
    public required long Sequence { get; init; }

    /// <summary>The tenant that owns the bucket.</summary>
    public required string TenantId { get; init; }

    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }

    /// <summary>The object's key.</summary>
    public required string Key { get; init; }

    /// <summary>What happened, as S3 names it without the <c>s3:</c> prefix; see <see cref="ObjectEventNames"/>.</summary>
    public required string EventName { get; init; }

    /// <summary>The object's size; 0 for a removal.</summary>
    public long Size { get; init; }

    /// <summary>The object's ETag without quotes; null for a removal.</summary>
    public string? ETag { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who did it, when the change came through the S3 API.</summary>
    public ObjectChangeOrigin? Origin { get; init; }

    /// <summary>
    /// The bucket's notification configuration (the <see cref="BucketSettings.Notification"/> document) in force when
    /// the change was made: it, not whatever the bucket has later, decides which functions the change reaches. Null
    /// only for changes recorded before Kumo kept it.
    /// </summary>
    public string? Notification { get; init; }

    /// <summary>The bucket's region when the change was made; null only for changes recorded before Kumo kept it.</summary>
    public string? Region { get; init; }
}

/// <summary>The event names of <see cref="ObjectChange.EventName"/>, as S3 sends them in <c>Records[].eventName</c>.</summary>
public static class ObjectEventNames
{
    /// <summary>A PUT of the object.</summary>
    public const string Put = "ObjectCreated:Put";

    /// <summary>A browser (HTML form) upload.</summary>
    public const string Post = "ObjectCreated:Post";

    /// <summary>A copy onto the key.</summary>
    public const string Copy = "ObjectCreated:Copy";

    /// <summary>A completed multipart upload.</summary>
    public const string CompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload";

    /// <summary>A deletion of the object.</summary>
    public const string Delete = "ObjectRemoved:Delete";
}

/// <summary>
/// The store's record of changes to objects in buckets with a notification configuration (<see cref="BucketSettings.Notification"/>):
/// read in order, acknowledged once handed on. A change stays until acknowledged, across restarts.
/// </summary>
public interface IObjectChangeFeed
{
    /// <summary>The oldest unacknowledged changes, in sequence order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ObjectChange>> ReadChangesAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Forgets the changes with these sequence numbers.</summary>
    Task AcknowledgeChangesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when a change has been recorded since the last time this completed (at once if one has). A reader waits
    /// on it, then reads until nothing is left; a change recorded meanwhile makes the next wait return at once.
    /// </summary>
    Task WhenChangedAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The names of a bucket's settings (<see cref="IObjectStore.GetBucketSettingAsync"/>). A setting is a document its
/// owner serialises (JSON); the store keeps it with the bucket and removes it with the bucket.
/// </summary>
public static class BucketSettings
{
    /// <summary>The notification configuration (functions to invoke on object changes). While set, the store records changes in the <see cref="IObjectChangeFeed"/>.</summary>
    public const string Notification = "notification";

    /// <summary>The static website configuration (index and error documents).</summary>
    public const string Website = "website";
}
