using System.Security.Cryptography;
using Kumo.Abstractions.Objects;
using Kumo.Abstractions.Storage;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// Completing the multipart uploads of <see cref="SqliteObjectStore"/>: the named parts are streamed, in order, into
/// one new body (<see cref="PartsStream"/>, one file open and one buffer at a time), and then one IMMEDIATE
/// transaction checks that the upload and those parts are as they were read, points the object's row at the new body,
/// records the change and deletes the upload's rows; the parts' bodies are unlinked after the commit. A completion
/// that finds a part replaced (or its body gone) meanwhile drops its body and reads again, and one that finds the
/// upload gone drops its body and says so: racing an abort or a part upload never leaves half an object.
/// </summary>
internal sealed class MultipartCompletions(SqliteDatabase database, ObjectBlobs blobs, TimeProvider time, Action signalChange)
{
    private const string DefaultContentType = "binary/octet-stream";

    // A completion reads the parts again when one was replaced while it joined them; this many times, then it gives up.
    private const int MostAttempts = 5;

    public async Task<MultipartCompletion> CompleteAsync(UploadCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (completion.Parts.Count == 0)
        {
            throw new ArgumentException("A completion names at least one part.", nameof(completion));
        }

        string? missing = null;
        for (var attempt = 1; attempt <= MostAttempts; attempt++)
        {
            var (found, chosen) = await ChooseAsync(completion, cancellationToken);
            if (found.Outcome != MultipartCompletionOutcome.Completed)
            {
                return found;
            }

            var id = blobs.Reserve();
            try
            {
                WrittenBlob written;
                try
                {
                    await using var joined = new PartsStream(blobs, chosen.Select(p => p.Blob).ToList());
                    written = await blobs.WriteAsync(id, joined, cancellationToken);
                }
                catch (PartBodyMissingException gone)
                {
                    // Aborted, or the part replaced, since the parts were read: read them again. The same row naming the
                    // same missing body twice is damage, not a race.
                    if (gone.Blob == missing)
                    {
                        throw new StorageException(
                            $"the body of a part of upload '{completion.UploadId}' is missing: {blobs.PathOf(gone.Blob)}. Abort the upload and upload the object again.");
                    }

                    missing = gone.Blob;
                    continue;
                }

                var expected = chosen.Sum(p => p.Part.Size);
                if (written.Size != expected)
                {
                    blobs.Delete(id);
                    throw new StorageException(
                        $"the parts of upload '{completion.UploadId}' joined into {written.Size} bytes, but they are {expected} bytes: a part's body under {blobs.Root} was changed. Abort the upload and upload the object again.");
                }

                var upload = found.Object!;
                var info = upload with
                {
                    Size = written.Size,
                    ETag = ETagOf(chosen.Select(p => p.Part.ETag)),
                    LastModified = time.GetUtcNow(),
                    Checksums = new Dictionary<string, string>(completion.Checksums, StringComparer.Ordinal),
                    PartCount = chosen.Count,
                    PartSizes = chosen.Select(p => p.Part.Size).ToArray(),
                };
                CompletionCommit commit;
                try
                {
                    commit = await CommitCompletionAsync(completion, info, id, chosen, cancellationToken);
                }
                catch
                {
                    blobs.Delete(id);
                    throw;
                }

                switch (commit.Outcome)
                {
                    case CompletionCommitOutcome.UploadGone:
                        blobs.Delete(id);
                        return new MultipartCompletion(MultipartCompletionOutcome.NoSuchUpload);
                    case CompletionCommitOutcome.PartsChanged:
                        blobs.Delete(id);
                        continue;
                }

                if (commit.Recorded)
                {
                    signalChange();
                }

                if (commit.Replaced is { } replaced)
                {
                    blobs.Delete(replaced);
                }

                foreach (var blob in commit.PartBodies)
                {
                    blobs.Delete(blob);
                }

                return new MultipartCompletion(MultipartCompletionOutcome.Completed, info);
            }
            finally
            {
                blobs.Release(id);
            }
        }

        throw new StorageException(
            $"the parts of upload '{completion.UploadId}' were replaced while it was being completed, {MostAttempts} times; complete it again once its parts are uploaded.");
    }

    /// <summary>
    /// The multipart ETag: the MD5 of the parts' binary MD5s one after another, in hex, then <c>-{parts}</c>, quoted.
    /// </summary>
    public static string ETagOf(IEnumerable<string> partETags)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var count = 0;
        foreach (var etag in partETags)
        {
            md5.AppendData(Convert.FromHexString(etag.Trim('"')));
            count++;
        }

        return $"\"{Convert.ToHexStringLower(md5.GetHashAndReset())}-{count}\"";
    }

    /// <summary>
    /// Reads the upload and the parts the completion names: the object the upload describes (as a template, in
    /// <see cref="MultipartCompletion.Object"/>) with the parts' rows, or why there is nothing to join.
    /// </summary>
    private async Task<(MultipartCompletion Found, List<(PartInfo Part, string Blob)> Chosen)> ChooseAsync(
        UploadCompletion completion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One read transaction: the upload and its parts as of one moment.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var upload = await MultipartRows.ReadUploadAsync(connection, transaction, completion.Bucket, completion.Key, completion.UploadId, cancellationToken);
        if (upload is null)
        {
            return (new MultipartCompletion(MultipartCompletionOutcome.NoSuchUpload), []);
        }

        var stored = await MultipartRows.ReadPartsAsync(connection, transaction, completion.UploadId, cancellationToken);
        var chosen = new List<(PartInfo, string)>(completion.Parts.Count);
        foreach (var named in completion.Parts)
        {
            if (!stored.TryGetValue(named.PartNumber, out var part) || part.Part.ETag.Trim('"') != named.ETag.Trim('"'))
            {
                return (new MultipartCompletion(MultipartCompletionOutcome.InvalidPart, InvalidPartNumber: named.PartNumber), []);
            }

            chosen.Add(part);
        }

        var template = new ObjectInfo
        {
            Bucket = upload.Bucket,
            Key = upload.Key,
            Size = 0,
            ETag = "",
            LastModified = upload.Initiated,
            ContentType = upload.ContentType ?? DefaultContentType,
            Headers = upload.Headers,
            Metadata = upload.Metadata,
        };
        return (new MultipartCompletion(MultipartCompletionOutcome.Completed, template), chosen);
    }

    private async Task<CompletionCommit> CommitCompletionAsync(
        UploadCompletion completion, ObjectInfo info, string blob, List<(PartInfo Part, string Blob)> chosen, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // IMMEDIATE: no part can be replaced, and the upload not be aborted, between these checks and the commit.
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await MultipartRows.ReadUploadAsync(connection, transaction, completion.Bucket, completion.Key, completion.UploadId, cancellationToken) is null)
        {
            return new CompletionCommit(CompletionCommitOutcome.UploadGone);
        }

        var now = await MultipartRows.ReadPartsAsync(connection, transaction, completion.UploadId, cancellationToken);
        if (chosen.Any(c => !now.TryGetValue(c.Part.PartNumber, out var current) || current.Blob != c.Blob))
        {
            return new CompletionCommit(CompletionCommitOutcome.PartsChanged);
        }

        string? replaced;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT blob FROM objects WHERE bucket = $bucket AND key = $key;";
            read.Parameters.AddWithValue("$bucket", info.Bucket);
            read.Parameters.AddWithValue("$key", info.Key);
            replaced = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (!await ObjectRows.UpsertAsync(connection, transaction, info, blob, cancellationToken))
        {
            // The bucket is gone: deleting it deleted the upload too, which the check above would have seen.
            return new CompletionCommit(CompletionCommitOutcome.UploadGone);
        }

        var partBodies = await MultipartRows.DeleteRowsAsync(connection, transaction, completion.UploadId, cancellationToken);
        var recorded = await ObjectChangeLog.RecordAsync(
            connection, transaction, info.Bucket, info.Key, ObjectEventNames.CompleteMultipartUpload, info.Size, info.ETag,
            info.LastModified, completion.Origin, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CompletionCommit(CompletionCommitOutcome.Committed, recorded, replaced, partBodies);
    }

    private enum CompletionCommitOutcome
    {
        Committed,
        UploadGone,
        PartsChanged,
    }

    private sealed record CompletionCommit(
        CompletionCommitOutcome Outcome, bool Recorded = false, string? Replaced = null, IReadOnlyList<string>? Bodies = null)
    {
        public IReadOnlyList<string> PartBodies => Bodies ?? [];
    }
}
