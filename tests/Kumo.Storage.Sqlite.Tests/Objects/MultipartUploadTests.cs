using System.Security.Cryptography;
using Kumo.Abstractions.Objects;
using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Multipart uploads: parts stored as bodies with rows, joined into one object on completion, removed on abort, racing safely.</summary>
public sealed class MultipartUploadTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("photos");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string ETagOf(byte[] bytes) => $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";

    private static string MultipartETagOf(params byte[][] parts) =>
        $"\"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray()))}-{parts.Length}\"";

    private async Task<MultipartUpload> StartUploadAsync(string key = "big.bin", string bucket = "photos") =>
        (await _bed.Store.CreateUploadAsync(new NewMultipartUpload { Bucket = bucket, Key = key }, None))!;

    private Task<PartInfo?> PutPartAsync(MultipartUpload upload, int number, byte[] bytes, Stream? body = null) =>
        _bed.Store.PutPartAsync(
            new PartWrite { UploadId = upload.UploadId, Bucket = upload.Bucket, Key = upload.Key, PartNumber = number },
            body ?? new MemoryStream(bytes),
            None);

    private Task<MultipartCompletion> CompleteAsync(MultipartUpload upload, params (int Number, string ETag)[] parts) =>
        _bed.Store.CompleteUploadAsync(
            new UploadCompletion { Bucket = upload.Bucket, Key = upload.Key, UploadId = upload.UploadId, Parts = parts.Select(p => new CompletedPart(p.Number, p.ETag)).ToList() },
            None);

    private async Task<byte[]?> BytesAsync(string bucket, string key)
    {
        await using var content = await _bed.Store.OpenAsync(bucket, key, None);
        if (content is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await content.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task CreateUploadAsync_NoSuchBucket_ReturnsNull()
    {
        Assert.Null(await _bed.Store.CreateUploadAsync(new NewMultipartUpload { Bucket = "missing", Key = "k" }, None));

        await Assert.ThrowsAsync<ArgumentException>(() => _bed.Store.CreateUploadAsync(new NewMultipartUpload { Bucket = "photos", Key = "" }, None));
    }

    [Fact]
    public async Task CompleteUploadAsync_NamedParts_JoinedInOrderIntoOneObjectWithTheUploadsDescription()
    {
        var store = _bed.Store;
        var upload = (await store.CreateUploadAsync(
            new NewMultipartUpload
            {
                Bucket = "photos",
                Key = "albums/2026.zip",
                ContentType = "application/zip",
                Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-cache" },
                Metadata = new Dictionary<string, string> { ["camera"] = "x100" },
                ChecksumAlgorithm = "SHA256",
                ChecksumType = "COMPOSITE",
            },
            None))!;
        var one = RandomNumberGenerator.GetBytes(300_000);
        var two = RandomNumberGenerator.GetBytes(200_001);
        var three = RandomNumberGenerator.GetBytes(77);
        var unnamed = RandomNumberGenerator.GetBytes(10);
        // Out of order, and one part that the completion leaves out.
        await PutPartAsync(upload, 3, three);
        var first = await PutPartAsync(upload, 1, one);
        await PutPartAsync(upload, 2, two);
        await PutPartAsync(upload, 4, unnamed);
        Assert.Equal(4, _bed.BlobFiles().Length);

        var completion = await store.CompleteUploadAsync(
            new UploadCompletion
            {
                Bucket = "photos",
                Key = "albums/2026.zip",
                UploadId = upload.UploadId,
                Parts = [new(1, first!.ETag.Trim('"')), new(2, ETagOf(two)), new(3, ETagOf(three))],
                Checksums = new Dictionary<string, string> { ["SHA256"] = "c29tZQ==-3" },
            },
            None);

        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
        var stored = completion.Object!;
        Assert.Equal(MultipartETagOf(one, two, three), stored.ETag);
        Assert.Equal(one.Length + two.Length + three.Length, stored.Size);
        Assert.Equal(3, stored.PartCount);
        Assert.Equal([one.Length, two.Length, three.Length], stored.PartSizes);
        Assert.Equal("application/zip", stored.ContentType);
        Assert.Equal("no-cache", stored.Headers["Cache-Control"]);
        Assert.Equal("x100", stored.Metadata["camera"]);
        Assert.Equal("c29tZQ==-3", stored.Checksums["SHA256"]);
        var bytes = await BytesAsync("photos", "albums/2026.zip");
        Assert.Equal(one.Concat(two).Concat(three).ToArray(), bytes);
        var head = await store.HeadAsync("photos", "albums/2026.zip", None);
        Assert.Equal((stored.ETag, 3), (head!.ETag, head.PartCount));
        Assert.Equal(stored.PartSizes, head.PartSizes);
        var listed = Assert.Single((await store.ListAsync(new ObjectQuery { Bucket = "photos" }, None)).Objects);
        Assert.Equal((stored.ETag, stored.Size, 3), (listed.ETag, listed.Size, listed.PartCount));

        // The upload is over: its rows and every part's body (the unnamed one too) are gone, the object's body stays.
        Assert.Null(await store.GetUploadAsync("photos", "albums/2026.zip", upload.UploadId, None));
        Assert.Empty((await store.ListUploadsAsync(new UploadQuery { Bucket = "photos" }, None)).Uploads);
        Assert.Single(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
        Assert.Equal(MultipartCompletionOutcome.NoSuchUpload, (await CompleteAsync(upload, (1, first.ETag))).Outcome);
    }

    [Fact]
    public async Task CompleteUploadAsync_ReplacesAnObject_WhoseBodyGoesAndAPutAfterwardsHasNoParts()
    {
        await _bed.PutAsync("photos", "big.bin", "the old one");
        var upload = await StartUploadAsync();
        var part = await PutPartAsync(upload, 1, [1, 2, 3]);

        var completion = await CompleteAsync(upload, (1, part!.ETag));
        var afterCompletion = _bed.BlobFiles().Length;
        await _bed.PutAsync("photos", "big.bin", "single again");

        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
        Assert.Equal(1, afterCompletion);
        var head = await _bed.Store.HeadAsync("photos", "big.bin", None);
        Assert.Equal((0, 0), (head!.PartCount, head.PartSizes.Count));
        Assert.Equal("single again", await _bed.ReadAsync("photos", "big.bin"));
    }

    [Fact]
    public async Task CompleteUploadAsync_PartMissingOrWithAnotherETag_IsInvalidPartNamingIt_AndChangesNothing()
    {
        var upload = await StartUploadAsync();
        var one = await PutPartAsync(upload, 1, [1]);
        await PutPartAsync(upload, 2, [2]);

        var missing = await CompleteAsync(upload, (1, one!.ETag), (3, one.ETag));
        var wrongETag = await CompleteAsync(upload, (1, one.ETag), (2, one.ETag));
        var otherKey = await _bed.Store.CompleteUploadAsync(
            new UploadCompletion { Bucket = "photos", Key = "other", UploadId = upload.UploadId, Parts = [new(1, one.ETag)] }, None);

        Assert.Equal((MultipartCompletionOutcome.InvalidPart, 3), (missing.Outcome, missing.InvalidPartNumber));
        Assert.Equal((MultipartCompletionOutcome.InvalidPart, 2), (wrongETag.Outcome, wrongETag.InvalidPartNumber));
        Assert.Equal(MultipartCompletionOutcome.NoSuchUpload, otherKey.Outcome);
        Assert.Equal(0, await _bed.CountObjectsAsync());
        Assert.Equal(2, (await _bed.Store.ListPartsAsync(upload.UploadId, 0, 1000, None)).Parts.Count);
        Assert.Equal(2, _bed.BlobFiles().Length);
    }

    [Fact]
    public async Task PutPartAsync_SameNumberTwice_KeepsTheLastAndUnlinksTheFirst()
    {
        var upload = await StartUploadAsync();

        await PutPartAsync(upload, 1, [1, 1, 1]);
        var second = await PutPartAsync(upload, 1, [2, 2]);

        var part = Assert.Single((await _bed.Store.ListPartsAsync(upload.UploadId, 0, 1000, None)).Parts);
        Assert.Equal((1, 2L, ETagOf([2, 2])), (part.PartNumber, part.Size, part.ETag));
        Assert.Equal((second!.ETag, second.LastModified), (part.ETag, part.LastModified));
        Assert.Single(_bed.BlobFiles());
    }

    [Fact]
    public async Task PutPartAsync_NoSuchUploadOrAnotherKey_ReturnsNullAndLeavesNoFile()
    {
        var upload = await StartUploadAsync();

        Assert.Null(await _bed.Store.PutPartAsync(new PartWrite { UploadId = "nope", Bucket = "photos", Key = "big.bin", PartNumber = 1 }, new MemoryStream([1]), None));
        Assert.Null(await _bed.Store.PutPartAsync(new PartWrite { UploadId = upload.UploadId, Bucket = "photos", Key = "other", PartNumber = 1 }, new MemoryStream([1]), None));

        Assert.Empty(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutPartAsync_UploadAbortedWhileThePartStreams_ReturnsNullAndLeavesNoFile()
    {
        var upload = await StartUploadAsync();
        var body = new PausingStream(100_000, 100_000);

        var putting = PutPartAsync(upload, 1, [], body);
        await body.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await _bed.Store.AbortUploadAsync("photos", "big.bin", upload.UploadId, None));
        body.Resume();

        Assert.Null(await putting);
        Assert.Empty(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutPartAsync_BodyThatFails_StoresNothingAndKeepsTheEarlierPart()
    {
        var upload = await StartUploadAsync();
        await PutPartAsync(upload, 1, [7]);

        await Assert.ThrowsAsync<IOException>(() => PutPartAsync(upload, 1, [], new FailingStream(50_000)));

        var part = Assert.Single((await _bed.Store.ListPartsAsync(upload.UploadId, 0, 1000, None)).Parts);
        Assert.Equal(ETagOf([7]), part.ETag);
        Assert.Single(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task AbortUploadAsync_RemovesRowsThenBodies_AndIsFalseTheSecondTime()
    {
        var upload = await StartUploadAsync();
        await PutPartAsync(upload, 1, [1]);
        await PutPartAsync(upload, 2, [2]);

        Assert.False(await _bed.Store.AbortUploadAsync("photos", "other", upload.UploadId, None));
        Assert.True(await _bed.Store.AbortUploadAsync("photos", "big.bin", upload.UploadId, None));
        Assert.False(await _bed.Store.AbortUploadAsync("photos", "big.bin", upload.UploadId, None));

        Assert.Null(await _bed.Store.GetUploadAsync("photos", "big.bin", upload.UploadId, None));
        Assert.Empty((await _bed.Store.ListPartsAsync(upload.UploadId, 0, 1000, None)).Parts);
        Assert.Empty(_bed.BlobFiles());
    }

    [Fact]
    public async Task DeleteBucketAsync_WithAnUploadInProgress_DeletesTheBucketAndTheUpload()
    {
        var upload = await StartUploadAsync();
        await PutPartAsync(upload, 1, [1]);

        Assert.Equal(ObjectStoreResult.Done, await _bed.Store.DeleteBucketAsync("photos", None));

        Assert.Null(await _bed.Store.GetUploadAsync("photos", "big.bin", upload.UploadId, None));
        Assert.Empty(_bed.BlobFiles());
        Assert.Equal(ObjectStoreResult.Done, await _bed.Store.CreateBucketAsync(Bucket("photos"), None));
        Assert.Empty((await _bed.Store.ListUploadsAsync(new UploadQuery { Bucket = "photos" }, None)).Uploads);
    }

    [Fact]
    public async Task ListPartsAsync_AfterAndMax_PagesInPartNumberOrder()
    {
        var upload = await StartUploadAsync();
        foreach (var number in new[] { 5, 1, 3, 2, 4 })
        {
            await PutPartAsync(upload, number, [(byte)number]);
        }

        var first = await _bed.Store.ListPartsAsync(upload.UploadId, 0, 2, None);
        var second = await _bed.Store.ListPartsAsync(upload.UploadId, 2, 2, None);
        var last = await _bed.Store.ListPartsAsync(upload.UploadId, 4, 2, None);

        Assert.Equal([1, 2], first.Parts.Select(p => p.PartNumber));
        Assert.Equal([3, 4], second.Parts.Select(p => p.PartNumber));
        Assert.Equal([5], last.Parts.Select(p => p.PartNumber));
        Assert.Equal([true, true, false], new[] { first, second, last }.Select(p => p.IsTruncated));
    }

    [Fact]
    public async Task ListUploadsAsync_ByKeyThenStartOrder_WithPrefixDelimiterAndMarkers()
    {
        var a1 = await StartUploadAsync("a.bin");
        var a2 = await StartUploadAsync("a.bin");
        var dir = await StartUploadAsync("dir/x.bin");
        await StartUploadAsync("dir/y.bin");
        var z = await StartUploadAsync("z.bin");
        var store = _bed.Store;
        var (firstA, secondA) = string.CompareOrdinal(a1.UploadId, a2.UploadId) < 0 ? (a1, a2) : (a2, a1);

        var all = await store.ListUploadsAsync(new UploadQuery { Bucket = "photos" }, None);
        var delimited = await store.ListUploadsAsync(new UploadQuery { Bucket = "photos", Delimiter = "/" }, None);
        var prefixed = await store.ListUploadsAsync(new UploadQuery { Bucket = "photos", Prefix = "dir/" }, None);
        var firstPage = await store.ListUploadsAsync(new UploadQuery { Bucket = "photos", Delimiter = "/", MaxUploads = 1 }, None);
        var secondPage = await store.ListUploadsAsync(
            new UploadQuery { Bucket = "photos", Delimiter = "/", MaxUploads = 2, KeyMarker = firstPage.NextKeyMarker, UploadIdMarker = firstPage.NextUploadIdMarker }, None);
        var thirdPage = await store.ListUploadsAsync(
            new UploadQuery { Bucket = "photos", Delimiter = "/", MaxUploads = 2, KeyMarker = secondPage.NextKeyMarker, UploadIdMarker = secondPage.NextUploadIdMarker }, None);
        var afterKey = await store.ListUploadsAsync(new UploadQuery { Bucket = "photos", KeyMarker = "a.bin" }, None);

        Assert.Equal(["a.bin", "a.bin", "dir/x.bin", "dir/y.bin", "z.bin"], all.Uploads.Select(u => u.Key));
        Assert.Equal([firstA.UploadId, secondA.UploadId], all.Uploads.Take(2).Select(u => u.UploadId));
        Assert.False(all.IsTruncated);
        Assert.Equal(["a.bin", "a.bin", "z.bin"], delimited.Uploads.Select(u => u.Key));
        Assert.Equal(["dir/"], delimited.CommonPrefixes);
        Assert.Equal(["dir/x.bin", "dir/y.bin"], prefixed.Uploads.Select(u => u.Key));
        Assert.Equal(dir.UploadId, prefixed.Uploads[0].UploadId);
        Assert.Equal([firstA.UploadId], firstPage.Uploads.Select(u => u.UploadId));
        Assert.Equal((true, "a.bin", firstA.UploadId), (firstPage.IsTruncated, firstPage.NextKeyMarker, firstPage.NextUploadIdMarker));
        Assert.Equal([secondA.UploadId], secondPage.Uploads.Select(u => u.UploadId));
        Assert.Equal(["dir/"], secondPage.CommonPrefixes);
        Assert.Equal((true, "dir/", null), (secondPage.IsTruncated, secondPage.NextKeyMarker, secondPage.NextUploadIdMarker));
        Assert.Equal([z.UploadId], thirdPage.Uploads.Select(u => u.UploadId));
        Assert.False(thirdPage.IsTruncated);
        Assert.Empty(thirdPage.CommonPrefixes);
        Assert.Equal(["dir/x.bin", "dir/y.bin", "z.bin"], afterKey.Uploads.Select(u => u.Key));
    }

    [Fact]
    public async Task CompleteUploadAsync_InABucketWithNotifications_RecordsTheChangeWithItsOrigin()
    {
        var store = _bed.Store;
        await store.SetBucketSettingAsync("photos", BucketSettings.Notification, "{}", None);
        var upload = await StartUploadAsync();
        var part = await PutPartAsync(upload, 1, [1, 2, 3, 4]);
        var origin = new ObjectChangeOrigin("req-7", "10.0.0.1", null);
        var waiting = store.WhenChangedAsync(None);

        var completion = await store.CompleteUploadAsync(
            new UploadCompletion { Bucket = "photos", Key = "big.bin", UploadId = upload.UploadId, Parts = [new(1, part!.ETag)], Origin = origin }, None);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var change = Assert.Single(await store.ReadChangesAsync(10, None));
        Assert.Equal(("big.bin", ObjectEventNames.CompleteMultipartUpload, 4L), (change.Key, change.EventName, change.Size));
        Assert.Equal(completion.Object!.ETag.Trim('"'), change.ETag);
        Assert.Equal(origin, change.Origin);
    }

    [Fact]
    public async Task CopyAsync_OfAMultipartObject_KeepsFullObjectChecksumsAndDropsCompositeOnes()
    {
        var upload = await StartUploadAsync();
        var part = await PutPartAsync(upload, 1, [9, 9]);
        await _bed.Store.CompleteUploadAsync(
            new UploadCompletion
            {
                Bucket = "photos",
                Key = "big.bin",
                UploadId = upload.UploadId,
                Parts = [new(1, part!.ETag)],
                Checksums = new Dictionary<string, string> { ["CRC32"] = "AAAAAA==", ["SHA256"] = "c29tZQ==-1" },
            },
            None);

        var copy = await _bed.Store.CopyAsync("photos", "big.bin", "photos", "copy.bin", null, null, None);

        Assert.Equal(ETagOf([9, 9]), copy!.ETag);
        Assert.Equal(0, copy.PartCount);
        Assert.Equal(["CRC32"], copy.Checksums.Keys);
    }

    [Fact]
    public async Task InitializeAsync_AfterARestart_KeepsThePartsOfUploadsInProgress()
    {
        var upload = await StartUploadAsync();
        var part = await PutPartAsync(upload, 1, [1, 2]);
        await _bed.PutAsync("photos", "object", "body");
        var orphan = Path.Combine(_bed.ObjectsRoot, "cd", "cd0123456789abcdef0123456789abcd");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "no row names this");

        var restarted = _bed.NewStore();
        await restarted.InitializeAsync(None);

        Assert.False(File.Exists(orphan));
        Assert.Equal(2, _bed.BlobFiles().Length);
        var completion = await restarted.CompleteUploadAsync(
            new UploadCompletion { Bucket = "photos", Key = "big.bin", UploadId = upload.UploadId, Parts = [new(1, part!.ETag)] }, None);
        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
    }

    [Fact]
    public async Task CompleteUploadAsync_RacingAnAbort_ExactlyOneWins_AndNothingIsLeftHalfDone()
    {
        var parts = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetBytes(1_000_000)).ToArray();
        for (var round = 0; round < 8; round++)
        {
            var key = $"race-{round}";
            var upload = await StartUploadAsync(key);
            var named = new List<(int, string)>();
            for (var i = 0; i < parts.Length; i++)
            {
                named.Add((i + 1, (await PutPartAsync(upload, i + 1, parts[i]))!.ETag));
            }

            var completing = Task.Run(() => CompleteAsync(upload, [.. named]));
            await Task.Delay(round * 3);
            var aborted = await _bed.Store.AbortUploadAsync("photos", key, upload.UploadId, None);
            var completion = await completing;

            var completed = completion.Outcome == MultipartCompletionOutcome.Completed;
            Assert.True(completed != aborted, $"round {round}: completed {completion.Outcome}, aborted {aborted}");
            Assert.Equal(completed ? parts.SelectMany(p => p).ToArray() : null, await BytesAsync("photos", key));
            Assert.Equal(await _bed.CountObjectsAsync(), _bed.BlobFiles().Length);
            Assert.Empty(_bed.TemporaryFiles());
        }
    }

    [Fact]
    public async Task CompleteUploadAsync_RacingAPartReplacement_CompletesWithTheNamedBytesOrIsInvalidPart()
    {
        var original = RandomNumberGenerator.GetBytes(2_000_000);
        var replacement = RandomNumberGenerator.GetBytes(2_000_000);
        for (var round = 0; round < 8; round++)
        {
            var key = $"race-{round}";
            var upload = await StartUploadAsync(key);
            var first = await PutPartAsync(upload, 1, original);
            var second = await PutPartAsync(upload, 2, [1]);

            var completing = Task.Run(() => CompleteAsync(upload, (1, first!.ETag), (2, second!.ETag)));
            await Task.Delay(round * 3);
            var replaced = await PutPartAsync(upload, 1, replacement);
            var completion = await completing;

            // The completion named the original bytes: it either joined them before the replacement was committed, or
            // saw the replacement, whose ETag is not the one it named.
            var said = $"round {round}: completion {completion.Outcome}, replacement {(replaced is null ? "refused" : "stored")}";
            if (completion.Outcome == MultipartCompletionOutcome.Completed)
            {
                Assert.True(replaced is null, said);
                var bytes = await BytesAsync("photos", key);
                Assert.Equal(original.Append((byte)1).ToArray(), bytes);
            }
            else
            {
                Assert.True(completion.Outcome == MultipartCompletionOutcome.InvalidPart && replaced is not null, said);
                Assert.Null(await BytesAsync("photos", key));
                Assert.True(await _bed.Store.AbortUploadAsync("photos", key, upload.UploadId, None));
            }

            Assert.Equal(await _bed.CountObjectsAsync(), _bed.BlobFiles().Length);
            Assert.Empty(_bed.TemporaryFiles());
        }
    }
}
