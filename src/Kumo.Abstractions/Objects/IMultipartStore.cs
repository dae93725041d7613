namespace Kumo.Abstractions.Objects;

/// <summary>
/// Multipart uploads: an object sent in numbered parts (1–10,000) that become one object when the upload is completed.
/// Parts are stored as they arrive, like object bodies (streamed, whole or not at all); a part sent again replaces the
/// earlier one. Completing joins the named parts, in order, into one new body and commits the object in one step, so a
/// reader sees no object or the whole one, and an upload that is aborted (or whose bucket is deleted) meanwhile leaves
/// neither an object nor garbage. Implemented by the same store as <see cref="IObjectStore"/>.
/// </summary>
public interface IMultipartStore
{
    /// <summary>Starts an upload and gives it its id; null when the bucket does not exist.</summary>
    Task<MultipartUpload?> CreateUploadAsync(NewMultipartUpload upload, CancellationToken cancellationToken);

    /// <summary>The upload with this id, when it is in progress for this bucket and key; otherwise null.</summary>
    Task<MultipartUpload?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="body"/> as part <see cref="PartWrite.PartNumber"/> of the upload, replacing any part of that
    /// number, and returns what was stored; the MD5 (the part's ETag) is computed while writing. Null when the upload is
    /// not in progress (never was, or was completed or aborted before the part was committed). As
    /// <see cref="IObjectStore.PutAsync"/>: nothing is committed unless the body is read to its end without an exception,
    /// and <see cref="PartWrite.Checksums"/> is read only after the body's end.
    /// </summary>
    Task<PartInfo?> PutPartAsync(PartWrite write, Stream body, CancellationToken cancellationToken);

    /// <summary>The upload's parts after part number <paramref name="after"/>, in order, at most <paramref name="maxParts"/> (1–10,000).</summary>
    Task<PartPage> ListPartsAsync(string uploadId, int after, int maxParts, CancellationToken cancellationToken);

    /// <summary>One page of the bucket's uploads in progress, by key (UTF-8 byte order), then by upload id.</summary>
    Task<UploadPage> ListUploadsAsync(UploadQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Joins the named parts, in the order given, into the object and ends the upload: the object is committed with the
    /// upload's description, the completion's checksums and the multipart ETag (<see cref="ObjectInfo.ETag"/>), and is
    /// recorded as an <see cref="ObjectEventNames.CompleteMultipartUpload"/> change; every part of the upload, named or
    /// not, is then removed. The caller has checked the list (order, sizes, checksums); the store checks that each part
    /// exists with the named ETag when it joins them.
    /// </summary>
    Task<MultipartCompletion> CompleteUploadAsync(UploadCompletion completion, CancellationToken cancellationToken);

    /// <summary>Ends the upload and removes its parts; false when it is not in progress for this bucket and key.</summary>
    Task<bool> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);
}
