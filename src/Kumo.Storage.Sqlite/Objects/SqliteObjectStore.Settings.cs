using Kumo.Abstractions.Objects;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// The store's bucket settings (<see cref="BucketSettings"/>) and its change feed: the changes
/// <see cref="ObjectChangeLog"/> records with each write to a bucket that has a notification configuration, and the
/// signal that wakes their reader.
/// </summary>
internal sealed partial class SqliteObjectStore
{
    private readonly Lock _changeGate = new();
    private bool _changePending;
    private TaskCompletionSource? _changeWaiter;

    public async Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM bucket_settings WHERE bucket = $bucket AND name = $name;";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<ObjectStoreResult> SetBucketSettingAsync(string bucket, string name, string? document, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = document is null
            ? "DELETE FROM bucket_settings WHERE bucket = $bucket AND name = $name; SELECT EXISTS (SELECT 1 FROM buckets WHERE name = $bucket);"
            : """
              INSERT INTO bucket_settings (bucket, name, document, updated_at)
              SELECT $bucket, $name, $document, $updated_at WHERE EXISTS (SELECT 1 FROM buckets WHERE name = $bucket)
              ON CONFLICT (bucket, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at;
              SELECT EXISTS (SELECT 1 FROM buckets WHERE name = $bucket);
              """;
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$name", name);
        if (document is not null)
        {
            command.Parameters.AddWithValue("$document", document);
            command.Parameters.AddWithValue("$updated_at", StoredTime.Format(_time.GetUtcNow()));
        }

        return await command.ExecuteScalarAsync(cancellationToken) is 1L ? ObjectStoreResult.Done : ObjectStoreResult.NotFound;
    }

    public Task<MultipartUpload?> CreateUploadAsync(NewMultipartUpload upload, CancellationToken cancellationToken) =>
        _multipart.CreateAsync(upload, cancellationToken);

    public Task<MultipartUpload?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        _multipart.GetAsync(bucket, key, uploadId, cancellationToken);

    public Task<PartInfo?> PutPartAsync(PartWrite write, Stream body, CancellationToken cancellationToken) =>
        _multipart.PutPartAsync(write, body, cancellationToken);

    public Task<PartPage> ListPartsAsync(string uploadId, int after, int maxParts, CancellationToken cancellationToken) =>
        _multipart.ListPartsAsync(uploadId, after, maxParts, cancellationToken);

    public Task<UploadPage> ListUploadsAsync(UploadQuery query, CancellationToken cancellationToken) =>
        _multipart.ListAsync(query, cancellationToken);

    public Task<MultipartCompletion> CompleteUploadAsync(UploadCompletion completion, CancellationToken cancellationToken) =>
        _completions.CompleteAsync(completion, cancellationToken);

    public Task<bool> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        _multipart.AbortAsync(bucket, key, uploadId, cancellationToken);

    public async Task<IReadOnlyList<ObjectChange>> ReadChangesAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ObjectChangeLog.ReadAsync(connection, limit, cancellationToken);
    }

    public async Task AcknowledgeChangesAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await ObjectChangeLog.AcknowledgeAsync(connection, sequences, cancellationToken);
    }

    public Task WhenChangedAsync(CancellationToken cancellationToken)
    {
        lock (_changeGate)
        {
            if (_changePending)
            {
                _changePending = false;
                return Task.CompletedTask;
            }

            _changeWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _changeWaiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes the change feed's reader after a commit that recorded a change.</summary>
    internal void SignalChange()
    {
        lock (_changeGate)
        {
            if (_changeWaiter is { } waiter)
            {
                _changeWaiter = null;
                waiter.TrySetResult();
            }
            else
            {
                _changePending = true;
            }
        }
    }
}
