using System.Security.Cryptography;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// <see cref="IMultipartStore"/> in memory, keeping the real store's promises: a part's body is read to its end before
/// it is committed (and its checksums read after), a part sent again replaces the earlier one, completing joins the
/// named parts with the multipart ETag and ends the upload, and deleting a bucket ends its uploads.
/// </summary>
internal sealed partial class InMemoryObjectStore
{
    private readonly Dictionary<string, (MultipartUpload Upload, SortedDictionary<int, (PartInfo Info, byte[] Bytes)> Parts)> _uploads =
        new(StringComparer.Ordinal);

    private long _uploadCount;

    /// <summary>When set, completions wait for it before they join the parts: a completion that takes a while.</summary>
    public Task? CompletionGate { get; set; }

    /// <summary>When set, completions throw it (after <see cref="CompletionGate"/>): a store that fails as it joins the parts.</summary>
    public Exception? CompletionFailure { get; set; }

    /// <summary>How many parts were read from their start, to show when the gateway refused before storing.</summary>
    public int PartWrites { get; private set; }

    public Task<MultipartUpload?> CreateUploadAsync(NewMultipartUpload upload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_buckets.ContainsKey(upload.Bucket))
            {
                return Task.FromResult<MultipartUpload?>(null);
            }

            var now = time.GetUtcNow();
            var created = new MultipartUpload
            {
                UploadId = $"{now.UtcTicks:x16}{++_uploadCount:x16}",
                Bucket = upload.Bucket,
                Key = upload.Key,
                Initiated = now,
                ContentType = upload.ContentType,
                Headers = upload.Headers,
                Metadata = upload.Metadata,
                ChecksumAlgorithm = upload.ChecksumAlgorithm,
                ChecksumType = upload.ChecksumType,
            };
            _uploads[created.UploadId] = (created, []);
            return Task.FromResult<MultipartUpload?>(created);
        }
    }

    public Task<MultipartUpload?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(FindUpload(bucket, key, uploadId)?.Upload);
        }
    }

    public async Task<PartInfo?> PutPartAsync(PartWrite write, Stream body, CancellationToken cancellationToken)
    {
        if (await GetUploadAsync(write.Bucket, write.Key, write.UploadId, cancellationToken) is null)
        {
            return null;
        }

        PartWrites++;
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var part = new PartInfo(write.PartNumber, bytes.Length, $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"", time.GetUtcNow(),
            new Dictionary<string, string>(write.Checksums));
        lock (_gate)
        {
            if (FindUpload(write.Bucket, write.Key, write.UploadId) is not { } upload)
            {
                return null;
            }

            upload.Parts[write.PartNumber] = (part, bytes);
            return part;
        }
    }

    public Task<PartPage> ListPartsAsync(string uploadId, int after, int maxParts, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var parts = _uploads.TryGetValue(uploadId, out var upload)
                ? upload.Parts.Values.Select(p => p.Info).Where(p => p.PartNumber > after).ToList()
                : [];
            return Task.FromResult(new PartPage(parts.Take(maxParts).ToList(), parts.Count > maxParts));
        }
    }

    public Task<UploadPage> ListUploadsAsync(UploadQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var uploads = new List<MultipartUpload>();
            var prefixes = new List<string>();
            string? lastKey = null;
            string? lastId = null;
            var truncated = false;
            var ordered = _uploads.Values.Select(u => u.Upload)
                .Where(u => u.Bucket == query.Bucket && u.Key.StartsWith(query.Prefix, StringComparison.Ordinal))
                .OrderBy(u => u.Key, Utf8Order.Instance).ThenBy(u => u.UploadId, StringComparer.Ordinal);
            foreach (var upload in ordered)
            {
                var at = string.IsNullOrEmpty(query.Delimiter) ? -1 : upload.Key.IndexOf(query.Delimiter, query.Prefix.Length, StringComparison.Ordinal);
                var rolledUp = at < 0 ? null : upload.Key[..(at + query.Delimiter!.Length)];
                if (query.KeyMarker is { } marker)
                {
                    var order = Utf8Order.Instance.Compare(rolledUp ?? upload.Key, marker);
                    var pastMarker = order > 0 || (order == 0 && rolledUp is null && query.UploadIdMarker is { } idMarker
                        && string.CompareOrdinal(upload.UploadId, idMarker) > 0);
                    if (!pastMarker)
                    {
                        continue;
                    }
                }

                if (rolledUp is not null && prefixes.Contains(rolledUp))
                {
                    continue;
                }

                if (uploads.Count + prefixes.Count == query.MaxUploads)
                {
                    truncated = true;
                    break;
                }

                if (rolledUp is null)
                {
                    uploads.Add(upload);
                    (lastKey, lastId) = (upload.Key, upload.UploadId);
                }
                else
                {
                    prefixes.Add(rolledUp);
                    (lastKey, lastId) = (rolledUp, null);
                }
            }

            return Task.FromResult(new UploadPage(uploads, prefixes, truncated, truncated ? lastKey : null, truncated ? lastId : null));
        }
    }

    public async Task<MultipartCompletion> CompleteUploadAsync(UploadCompletion completion, CancellationToken cancellationToken)
    {
        if (CompletionGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (CompletionFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            if (FindUpload(completion.Bucket, completion.Key, completion.UploadId) is not { } upload)
            {
                return new MultipartCompletion(MultipartCompletionOutcome.NoSuchUpload);
            }

            var chosen = new List<(PartInfo Info, byte[] Bytes)>();
            foreach (var named in completion.Parts)
            {
                if (!upload.Parts.TryGetValue(named.PartNumber, out var part) || part.Info.ETag.Trim('"') != named.ETag.Trim('"'))
                {
                    return new MultipartCompletion(MultipartCompletionOutcome.InvalidPart, InvalidPartNumber: named.PartNumber);
                }

                chosen.Add(part);
            }

            var bytes = chosen.SelectMany(p => p.Bytes).ToArray();
            var md5s = chosen.SelectMany(p => Convert.FromHexString(p.Info.ETag.Trim('"'))).ToArray();
            var info = new ObjectInfo
            {
                Bucket = completion.Bucket,
                Key = completion.Key,
                Size = bytes.Length,
                ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{chosen.Count}\"",
                LastModified = time.GetUtcNow(),
                ContentType = upload.Upload.ContentType ?? "binary/octet-stream",
                Headers = upload.Upload.Headers,
                Metadata = upload.Upload.Metadata,
                Checksums = new Dictionary<string, string>(completion.Checksums),
                PartCount = chosen.Count,
                PartSizes = chosen.Select(p => (long)p.Bytes.Length).ToArray(),
            };
            _objects[completion.Bucket][completion.Key] = (info, bytes);
            _uploads.Remove(completion.UploadId);
            return new MultipartCompletion(MultipartCompletionOutcome.Completed, info);
        }
    }

    public Task<bool> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(FindUpload(bucket, key, uploadId) is not null && _uploads.Remove(uploadId));
        }
    }

    /// <summary>The uploads in progress, for tests that look behind the API.</summary>
    public IReadOnlyList<MultipartUpload> Uploads()
    {
        lock (_gate)
        {
            return _uploads.Values.Select(u => u.Upload).ToList();
        }
    }

    private (MultipartUpload Upload, SortedDictionary<int, (PartInfo Info, byte[] Bytes)> Parts)? FindUpload(string bucket, string key, string uploadId) =>
        _uploads.TryGetValue(uploadId, out var found) && found.Upload.Bucket == bucket && found.Upload.Key == key ? found : null;

    private void RemoveUploadsOf(string bucket)
    {
        foreach (var id in _uploads.Where(u => u.Value.Upload.Bucket == bucket).Select(u => u.Key).ToList())
        {
            _uploads.Remove(id);
        }
    }
}
