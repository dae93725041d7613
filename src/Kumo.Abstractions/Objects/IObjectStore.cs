namespace Kumo.Abstractions.Objects;

/// <summary>
/// Buckets and objects. Writes are atomic: a reader sees the old object or the new one, never part of one, and a
/// crash mid-write leaves neither a visible object nor garbage after restart. Bodies are streamed, never held in
/// memory whole. Keys are any UTF-8 text and never become file paths. One implementation per storage backend.
/// </summary>
public interface IObjectStore
{
    /// <summary>Makes a bucket; <see cref="ObjectStoreResult.Conflict"/> when the name is taken (by this tenant: already owned; by another: taken).</summary>
    Task<ObjectStoreResult> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken);

    /// <summary>The bucket with this name (any tenant), or null.</summary>
    Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken);

    /// <summary>The tenant's buckets, by name.</summary>
    Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an empty bucket; <see cref="ObjectStoreResult.NotEmpty"/> when it holds objects, <see cref="ObjectStoreResult.NotFound"/>
    /// when there is none. Multipart uploads still in progress do not keep it: they are aborted with it, as on S3.
    /// </summary>
    Task<ObjectStoreResult> DeleteBucketAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="body"/> as the object, replacing any, and returns what was stored. Reads the body to
    /// its end; the MD5 (the ETag) is computed while writing. Null when the bucket does not exist.
    /// Nothing is committed unless the body is read to its end without an exception: a body stream that throws
    /// (a checksum that does not match, a cut connection) leaves the old object, if any, in place and no garbage.
    /// <see cref="ObjectWrite.Checksums"/> is read only after the body's end (a trailer may supply them).
    /// </summary>
    Task<ObjectInfo?> PutAsync(ObjectWrite write, Stream body, CancellationToken cancellationToken);

    /// <summary>The object's description, or null.</summary>
    Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>The object opened for reading, or null. The bytes stay readable even if the object is replaced or deleted meanwhile.</summary>
    Task<ObjectContent?> OpenAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the object; false when there was none (S3 answers 204 either way). A removal in a bucket with a
    /// notification configuration is recorded in the <see cref="IObjectChangeFeed"/>, with <paramref name="origin"/>.
    /// </summary>
    Task<bool> DeleteAsync(string bucket, string key, ObjectChangeOrigin? origin, CancellationToken cancellationToken);

    /// <summary>
    /// Copies an object to another key (or bucket), with the given description when <paramref name="replace"/> is
    /// not null (S3's <c>REPLACE</c> metadata directive), else with the source's. Null when the source is missing.
    /// The copy is recorded as an <see cref="ObjectEventNames.Copy"/> change (see <see cref="DeleteAsync"/>).
    /// </summary>
    Task<ObjectInfo?> CopyAsync(
        string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replace, ObjectChangeOrigin? origin, CancellationToken cancellationToken);

    /// <summary>One page of the bucket's keys.</summary>
    Task<ObjectPage> ListAsync(ObjectQuery query, CancellationToken cancellationToken);

    /// <summary>The bucket's setting <paramref name="name"/> (see <see cref="BucketSettings"/>), or null when it is not set or there is no such bucket.</summary>
    Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken);

    /// <summary>Sets (or, with a null <paramref name="document"/>, removes) the bucket's setting <paramref name="name"/>; <see cref="ObjectStoreResult.NotFound"/> when there is no such bucket.</summary>
    Task<ObjectStoreResult> SetBucketSettingAsync(string bucket, string name, string? document, CancellationToken cancellationToken);
}

/// <summary>What became of a bucket operation.</summary>
public enum ObjectStoreResult
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>There is no such bucket.</summary>
    NotFound,

    /// <summary>The name is taken.</summary>
    Conflict,

    /// <summary>The bucket still holds objects.</summary>
    NotEmpty,
}
