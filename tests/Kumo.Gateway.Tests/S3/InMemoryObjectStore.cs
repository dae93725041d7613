using System.Security.Cryptography;
using System.Text;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// <see cref="IObjectStore"/> in memory, keeping the real store's promises that the S3 API relies on: a body is read to
/// its end before anything is committed (so a body that throws leaves nothing), <see cref="ObjectWrite.Checksums"/> is
/// read after the body, and keys list in UTF-8 byte order with common prefixes rolled up.
/// </summary>
internal sealed partial class InMemoryObjectStore(TimeProvider time) : IObjectStore, IMultipartStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BucketInfo> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, (ObjectInfo Info, byte[] Bytes)>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Bucket, string Name), string> _settings = [];

    /// <summary>How many times a body was read from its start (PUT and copy), to show when the gateway refused before storing.</summary>
    public int Writes { get; private set; }

    /// <summary>Thrown by <see cref="ListAsync"/> when set, to see how the gateway answers a failing store.</summary>
    public Exception? ListFailure { get; set; }

    public Task<ObjectStoreResult> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_buckets.TryAdd(bucket.Name, bucket))
            {
                return Task.FromResult(ObjectStoreResult.Conflict);
            }

            _objects[bucket.Name] = new SortedDictionary<string, (ObjectInfo, byte[])>(Utf8Order.Instance);
            return Task.FromResult(ObjectStoreResult.Done);
        }
    }

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_buckets.GetValueOrDefault(name));
        }
    }

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<BucketInfo> found = [.. _buckets.Values.Where(b => b.TenantId == tenantId).OrderBy(b => b.Name, StringComparer.Ordinal)];
            return Task.FromResult(found);
        }
    }

    public Task<ObjectStoreResult> DeleteBucketAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_buckets.ContainsKey(name))
            {
                return Task.FromResult(ObjectStoreResult.NotFound);
            }

            if (_objects[name].Count > 0)
            {
                return Task.FromResult(ObjectStoreResult.NotEmpty);
            }

            _buckets.Remove(name);
            _objects.Remove(name);
            RemoveUploadsOf(name);
            return Task.FromResult(ObjectStoreResult.Done);
        }
    }

    public async Task<ObjectInfo?> PutAsync(ObjectWrite write, Stream body, CancellationToken cancellationToken)
    {
        if (await GetBucketAsync(write.Bucket, cancellationToken) is null)
        {
            return null;
        }

        Writes++;
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return Commit(write, buffer.ToArray());
    }

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(bucket, key)?.Info);
        }
    }

    public Task<ObjectContent?> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(bucket, key) is { } found
                ? new ObjectContent(found.Info, new MemoryStream(found.Bytes, writable: false))
                : null);
        }
    }

    public Task<bool> DeleteAsync(string bucket, string key, ObjectChangeOrigin? origin, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_objects.TryGetValue(bucket, out var objects) && objects.Remove(key));
        }
    }

    public Task<ObjectInfo?> CopyAsync(
        string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replace, ObjectChangeOrigin? origin, CancellationToken cancellationToken)
    {
        (ObjectInfo Info, byte[] Bytes)? source;
        lock (_gate)
        {
            source = Find(sourceBucket, sourceKey);
            if (source is null || !_buckets.ContainsKey(bucket))
            {
                return Task.FromResult<ObjectInfo?>(null);
            }
        }

        var from = source.Value.Info;
        var write = replace is null
            ? new ObjectWrite { Bucket = bucket, Key = key, ContentType = from.ContentType, Headers = from.Headers, Metadata = from.Metadata, Checksums = from.Checksums }
            : replace with { Bucket = bucket, Key = key, Checksums = replace.Checksums.Count > 0 ? replace.Checksums : from.Checksums };
        Writes++;
        return Task.FromResult(Commit(write, source.Value.Bytes));
    }

    public Task<ObjectPage> ListAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        if (ListFailure is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            var objects = new List<ObjectInfo>();
            var prefixes = new List<string>();
            var truncated = false;
            string? last = null;
            foreach (var (key, (info, _)) in _objects.GetValueOrDefault(query.Bucket) ?? [])
            {
                if (!key.StartsWith(query.Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var at = string.IsNullOrEmpty(query.Delimiter) ? -1 : key.IndexOf(query.Delimiter, query.Prefix.Length, StringComparison.Ordinal);
                var entry = at < 0 ? key : key[..(at + query.Delimiter!.Length)];
                if ((query.After is not null && Utf8Order.Instance.Compare(entry, query.After) <= 0) || (at >= 0 && prefixes.Contains(entry)))
                {
                    continue;
                }

                if (objects.Count + prefixes.Count == query.MaxKeys)
                {
                    truncated = true;
                    break;
                }

                if (at < 0)
                {
                    objects.Add(info);
                }
                else
                {
                    prefixes.Add(entry);
                }

                last = entry;
            }

            return Task.FromResult(new ObjectPage(objects, prefixes, truncated, truncated ? last : null));
        }
    }

    /// <summary>Puts an object straight in, for tests that need one with given bytes and description.</summary>
    public ObjectInfo Seed(string bucket, string key, byte[] bytes, Func<ObjectWrite, ObjectWrite>? describe = null)
    {
        var write = new ObjectWrite { Bucket = bucket, Key = key };
        return Commit(describe?.Invoke(write) ?? write, bytes)!;
    }

    public byte[]? BytesOf(string bucket, string key)
    {
        lock (_gate)
        {
            return Find(bucket, key)?.Bytes;
        }
    }

    private ObjectInfo? Commit(ObjectWrite write, byte[] bytes)
    {
        var info = new ObjectInfo
        {
            Bucket = write.Bucket,
            Key = write.Key,
            Size = bytes.Length,
            ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"",
            LastModified = time.GetUtcNow(),
            ContentType = write.ContentType ?? "binary/octet-stream",
            Headers = new Dictionary<string, string>(write.Headers),
            Metadata = new Dictionary<string, string>(write.Metadata),
            Checksums = new Dictionary<string, string>(write.Checksums),
        };
        lock (_gate)
        {
            if (!_objects.TryGetValue(write.Bucket, out var objects))
            {
                return null;
            }

            objects[write.Key] = (info, bytes);
            return info;
        }
    }

    private (ObjectInfo Info, byte[] Bytes)? Find(string bucket, string key) =>
        _objects.TryGetValue(bucket, out var objects) && objects.TryGetValue(key, out var found) ? found : null;

    /// <summary>Keys in UTF-8 byte order, as S3 lists them.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_settings.GetValueOrDefault((bucket, name)));
        }
    }

    public Task<ObjectStoreResult> SetBucketSettingAsync(string bucket, string name, string? document, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_buckets.ContainsKey(bucket))
            {
                return Task.FromResult(ObjectStoreResult.NotFound);
            }

            if (document is null)
            {
                _settings.Remove((bucket, name));
            }
            else
            {
                _settings[(bucket, name)] = document;
            }

            return Task.FromResult(ObjectStoreResult.Done);
        }
    }
}
