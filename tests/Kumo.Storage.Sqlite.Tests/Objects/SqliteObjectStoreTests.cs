using System.Security.Cryptography;
using System.Text;
using Kumo.Abstractions.Objects;
using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Buckets, and objects written, read, replaced, copied and deleted: bytes in files named by id, descriptions in SQLite.</summary>
public sealed class SqliteObjectStoreTests : IAsyncLifetime
{
    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("photos");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string ETagOf(byte[] bytes) => $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";

    [Fact]
    public async Task CreateBucketAsync_NameTakenByAnyTenant_IsConflict()
    {
        var store = _bed.Store;

        Assert.Equal(ObjectStoreResult.Conflict, await store.CreateBucketAsync(Bucket("photos"), CancellationToken.None));
        Assert.Equal(ObjectStoreResult.Conflict, await store.CreateBucketAsync(Bucket("photos", tenant: "tenant-b"), CancellationToken.None));
        Assert.Equal(ObjectStoreResult.Done, await store.CreateBucketAsync(Bucket("b-bucket", tenant: "tenant-b"), CancellationToken.None));
        Assert.Equal(ObjectStoreResult.Done, await store.CreateBucketAsync(Bucket("a-bucket"), CancellationToken.None));

        Assert.Equal(Bucket("b-bucket", tenant: "tenant-b"), await store.GetBucketAsync("b-bucket", CancellationToken.None));
        Assert.Null(await store.GetBucketAsync("none", CancellationToken.None));
        Assert.Equal(["a-bucket", "photos"], (await store.ListBucketsAsync(Tenant, CancellationToken.None)).Select(b => b.Name));
    }

    [Fact]
    public async Task DeleteBucketAsync_WithAnObject_IsNotEmptyUntilTheObjectIsGone()
    {
        var store = _bed.Store;
        await _bed.PutAsync("photos", "cat.jpg", "meow");

        Assert.Equal(ObjectStoreResult.NotEmpty, await store.DeleteBucketAsync("photos", CancellationToken.None));
        Assert.True(await store.DeleteAsync("photos", "cat.jpg", null, CancellationToken.None));
        Assert.Equal(ObjectStoreResult.Done, await store.DeleteBucketAsync("photos", CancellationToken.None));
        Assert.Equal(ObjectStoreResult.NotFound, await store.DeleteBucketAsync("photos", CancellationToken.None));
        Assert.Null(await store.GetBucketAsync("photos", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_NoSuchBucket_ReturnsNullAndLeavesNoFile()
    {
        Assert.Null(await _bed.PutAsync("missing", "k", "body"));

        Assert.Empty(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutHeadOpenDelete_RoundTrip_KeepsBytesAndDescription()
    {
        var store = _bed.Store;
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var write = Write("photos", "2026/cat.jpg") with
        {
            ContentType = "image/jpeg",
            Headers = new Dictionary<string, string> { ["Cache-Control"] = "max-age=60", ["Content-Disposition"] = "inline" },
            Metadata = new Dictionary<string, string> { ["camera"] = "x100", ["ünïcode"] = "välue" },
            Checksums = new Dictionary<string, string> { ["SHA256"] = Convert.ToBase64String(SHA256.HashData(bytes)) },
        };

        var stored = await store.PutAsync(write, new MemoryStream(bytes), CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(ETagOf(bytes), stored.ETag);
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal(0, stored.PartCount);
        var head = await store.HeadAsync("photos", "2026/cat.jpg", CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal(stored.ETag, head.ETag);
        Assert.Equal(stored.LastModified, head.LastModified);
        Assert.Equal(write.Headers, head.Headers);
        Assert.Equal(write.Metadata, head.Metadata);
        Assert.Equal(write.Checksums, head.Checksums);

        await using (var content = await store.OpenAsync("photos", "2026/cat.jpg", CancellationToken.None))
        {
            Assert.NotNull(content);
            Assert.True(content.Body.CanSeek);
            Assert.Equal(bytes.Length, content.Body.Length);
            var copy = new MemoryStream();
            await content.Body.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.True(await store.DeleteAsync("photos", "2026/cat.jpg", null, CancellationToken.None));
        Assert.False(await store.DeleteAsync("photos", "2026/cat.jpg", null, CancellationToken.None));
        Assert.Null(await store.HeadAsync("photos", "2026/cat.jpg", CancellationToken.None));
        Assert.Null(await store.OpenAsync("photos", "2026/cat.jpg", CancellationToken.None));
        Assert.Empty(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutAsync_NoContentTypeAndEmptyBody_StoresS3Defaults()
    {
        var stored = await _bed.PutAsync("photos", "empty", "");

        Assert.NotNull(stored);
        Assert.Equal("binary/octet-stream", stored.ContentType);
        Assert.Equal(0, stored.Size);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", stored.ETag);
        Assert.Equal("", await _bed.ReadAsync("photos", "empty"));
    }

    [Fact]
    public async Task PutAsync_ExistingKey_ReplacesBytesAndDescriptionAndRemovesTheOldFile()
    {
        var store = _bed.Store;
        await store.PutAsync(Write("photos", "k") with { Metadata = new Dictionary<string, string> { ["v"] = "1" } },
            new MemoryStream("first"u8.ToArray()), CancellationToken.None);

        var second = await store.PutAsync(Write("photos", "k") with { ContentType = "text/plain" },
            new MemoryStream("second!"u8.ToArray()), CancellationToken.None);

        Assert.Equal("second!", await _bed.ReadAsync("photos", "k"));
        var head = await store.HeadAsync("photos", "k", CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal((second!.ETag, 7L, "text/plain", second.LastModified), (head.ETag, head.Size, head.ContentType, head.LastModified));
        Assert.Empty(head.Metadata);
        Assert.Single(_bed.BlobFiles());
    }

    [Fact]
    public async Task OpenAsync_ObjectReplacedThenDeletedWhileReading_ReaderKeepsTheBytesItOpened()
    {
        var store = _bed.Store;
        var first = RandomNumberGenerator.GetBytes(1_000_000);
        await store.PutAsync(Write("photos", "k"), new MemoryStream(first), CancellationToken.None);
        await using var content = await store.OpenAsync("photos", "k", CancellationToken.None);
        Assert.NotNull(content);
        var read = new byte[first.Length];
        await content.Body.ReadExactlyAsync(read.AsMemory(0, 1000));

        await _bed.PutAsync("photos", "k", "replacement");
        Assert.Single(_bed.BlobFiles());
        await content.Body.ReadExactlyAsync(read.AsMemory(1000, 500_000));
        Assert.True(await store.DeleteAsync("photos", "k", null, CancellationToken.None));
        Assert.Empty(_bed.BlobFiles());
        await content.Body.ReadExactlyAsync(read.AsMemory(501_000));

        Assert.Equal(first, read);
        Assert.Equal(0, await content.Body.ReadAsync(new byte[1]));
        content.Body.Position = 10;
        Assert.Equal(first[10], (byte)content.Body.ReadByte());
    }

    [Theory]
    [InlineData("a/b/c.txt")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..")]
    [InlineData("/leading/slash")]
    [InlineData("trailing/")]
    [InlineData("with spaces and\ttab")]
    [InlineData("100%25 %2F%2e%2e")]
    [InlineData("C:\\Windows\\system.ini")]
    [InlineData("日本語/ключ/😀")]
    public async Task PutAsync_AnyKey_IsStoredInAFileNamedByIdInsideTheObjectsDirectory(string key)
    {
        var stored = await _bed.PutAsync("photos", key, "body of " + key);

        Assert.NotNull(stored);
        Assert.Equal(key, stored.Key);
        Assert.Equal("body of " + key, await _bed.ReadAsync("photos", key));
        var page = await _bed.Store.ListAsync(new ObjectQuery { Bucket = "photos" }, CancellationToken.None);
        Assert.Equal([key], page.Objects.Select(o => o.Key));
        var file = Assert.Single(_bed.BlobFiles());
        var name = Path.GetFileName(file);
        Assert.Matches("^[0-9a-f]{32}$", name);
        Assert.Equal(Path.Combine(_bed.ObjectsRoot, name[..2], name), file);
        Assert.All(Directory.GetFiles(_bed.DataPath, "*", SearchOption.AllDirectories), path =>
            Assert.True(path == file || Path.GetFileName(path).StartsWith("metadata.db", StringComparison.Ordinal), path));
        Assert.True(await _bed.Store.DeleteAsync("photos", key, null, CancellationToken.None));
        Assert.Empty(_bed.BlobFiles());
    }

    [Fact]
    public async Task PutAsync_KeyOf1024Bytes_RoundTrips()
    {
        var key = string.Concat(Enumerable.Repeat("é", 499)) + new string('k', 21) + "/😀";
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(key));

        await _bed.PutAsync("photos", key, "long");

        Assert.Equal("long", await _bed.ReadAsync("photos", key));
        Assert.Equal(key, (await _bed.Store.HeadAsync("photos", key, CancellationToken.None))?.Key);
    }

    [Fact]
    public async Task PutAsync_KeyUtf8CannotHold_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _bed.PutAsync("photos", "", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => _bed.PutAsync("photos", "half " + (char)0xD83D + " surrogate", "x"));

        Assert.Empty(_bed.BlobFiles());
    }

    [Fact]
    public async Task PutAsync_BodyFailsMidway_LeavesNoObjectAndNoFile()
    {
        await _bed.PutAsync("photos", "k", "old");

        await Assert.ThrowsAsync<IOException>(() =>
            _bed.Store.PutAsync(Write("photos", "k"), new FailingStream(200_000), CancellationToken.None));

        Assert.Equal("old", await _bed.ReadAsync("photos", "k"));
        Assert.Single(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task CopyAsync_WithoutReplace_KeepsBytesAndDescriptionInANewFile()
    {
        var store = _bed.Store;
        Assert.Equal(ObjectStoreResult.Done, await store.CreateBucketAsync(Bucket("archive"), CancellationToken.None));
        var source = await store.PutAsync(Write("photos", "src") with
        {
            ContentType = "text/plain",
            Headers = new Dictionary<string, string> { ["Content-Language"] = "en" },
            Metadata = new Dictionary<string, string> { ["owner"] = "ana" },
            Checksums = new Dictionary<string, string> { ["CRC32"] = "AAAAAA==" },
        }, new MemoryStream("copy me"u8.ToArray()), CancellationToken.None);

        var copy = await store.CopyAsync("photos", "src", "archive", "dst", replace: null, null, CancellationToken.None);

        Assert.NotNull(copy);
        Assert.Equal(("archive", "dst"), (copy.Bucket, copy.Key));
        Assert.Equal(source!.ETag, copy.ETag);
        Assert.Equal("text/plain", copy.ContentType);
        Assert.Equal(source.Headers, copy.Headers);
        Assert.Equal(source.Metadata, copy.Metadata);
        Assert.Equal(source.Checksums, copy.Checksums);
        var head = await store.HeadAsync("archive", "dst", CancellationToken.None);
        Assert.Equal((copy.ETag, copy.Size, copy.LastModified), (head!.ETag, head.Size, head.LastModified));
        Assert.Equal(source.Metadata, head.Metadata);
        Assert.True(await store.DeleteAsync("photos", "src", null, CancellationToken.None));
        Assert.Equal("copy me", await _bed.ReadAsync("archive", "dst"));
        Assert.Single(_bed.BlobFiles());
    }

    [Fact]
    public async Task CopyAsync_WithReplace_TakesTheNewDescription()
    {
        var store = _bed.Store;
        await store.PutAsync(Write("photos", "src") with { Metadata = new Dictionary<string, string> { ["old"] = "1" } },
            new MemoryStream("bytes"u8.ToArray()), CancellationToken.None);

        var copy = await store.CopyAsync("photos", "src", "photos", "dst",
            Write("ignored", "ignored") with { ContentType = "text/csv", Metadata = new Dictionary<string, string> { ["new"] = "2" } },
            null, CancellationToken.None);

        Assert.NotNull(copy);
        Assert.Equal(("photos", "dst", "text/csv"), (copy.Bucket, copy.Key, copy.ContentType));
        Assert.Equal(new Dictionary<string, string> { ["new"] = "2" }, (await store.HeadAsync("photos", "dst", CancellationToken.None))!.Metadata);
        Assert.Equal("bytes", await _bed.ReadAsync("photos", "dst"));
        Assert.Equal(2, _bed.BlobFiles().Length);
    }

    [Fact]
    public async Task CopyAsync_OntoItselfWithReplace_ChangesTheDescriptionAndKeepsOneFile()
    {
        var store = _bed.Store;
        await _bed.PutAsync("photos", "k", "same bytes");

        var copy = await store.CopyAsync("photos", "k", "photos", "k",
            Write("photos", "k") with { Metadata = new Dictionary<string, string> { ["touched"] = "yes" } }, null, CancellationToken.None);

        Assert.NotNull(copy);
        Assert.Equal("yes", (await store.HeadAsync("photos", "k", CancellationToken.None))!.Metadata["touched"]);
        Assert.Equal("same bytes", await _bed.ReadAsync("photos", "k"));
        Assert.Single(_bed.BlobFiles());
    }

    [Fact]
    public async Task CopyAsync_MissingSourceOrTargetBucket_ReturnsNull()
    {
        var store = _bed.Store;
        await _bed.PutAsync("photos", "k", "x");

        Assert.Null(await store.CopyAsync("photos", "none", "photos", "dst", null, null, CancellationToken.None));
        Assert.Null(await store.CopyAsync("nobucket", "k", "photos", "dst", null, null, CancellationToken.None));
        Assert.Null(await store.CopyAsync("photos", "k", "nobucket", "dst", null, null, CancellationToken.None));
        Assert.Single(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutAsync_TwentyConcurrentWritersOfOneKey_AllSucceedOneWinsNoFileIsLeft()
    {
        var bodies = Enumerable.Range(0, 20).Select(i => RandomNumberGenerator.GetBytes(50_000 + i)).ToArray();

        var stored = await Task.WhenAll(bodies.Select(body => Task.Run(() =>
            _bed.Store.PutAsync(Write("photos", "contended"), new MemoryStream(body), CancellationToken.None))));

        Assert.All(stored, Assert.NotNull);
        var head = await _bed.Store.HeadAsync("photos", "contended", CancellationToken.None);
        Assert.Contains(head!.ETag, stored.Select(s => s!.ETag));
        await using var content = await _bed.Store.OpenAsync("photos", "contended", CancellationToken.None);
        var read = new MemoryStream();
        await content!.Body.CopyToAsync(read);
        Assert.Equal(head.ETag, ETagOf(read.ToArray()));
        Assert.Equal(await _bed.CountObjectsAsync(), _bed.BlobFiles().Length);
        Assert.Single(_bed.BlobFiles());
        Assert.Empty(_bed.TemporaryFiles());
    }

    [Fact]
    public async Task PutAndDelete_ConcurrentOnManyKeys_LeaveOneFilePerObject()
    {
        var work = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var key = "k" + (i % 6);
            if (i % 5 == 4)
            {
                await _bed.Store.DeleteAsync("photos", key, null, CancellationToken.None);
            }
            else
            {
                await _bed.PutAsync("photos", key, "body " + i);
            }
        }));

        await Task.WhenAll(work);

        Assert.Equal(await _bed.CountObjectsAsync(), _bed.BlobFiles().Length);
        Assert.Empty(_bed.TemporaryFiles());
    }
}
