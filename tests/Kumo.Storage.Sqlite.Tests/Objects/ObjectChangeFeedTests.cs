using Kumo.Abstractions.Objects;
using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Bucket settings, and the change feed: written with each change to a bucket that has a notification configuration, and only then.</summary>
public sealed class ObjectChangeFeedTests : IAsyncLifetime
{
    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("photos", "quiet");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task BucketSettings_SetReplacedRemoved_AndGoWithTheBucket()
    {
        var store = _bed.Store;
        Assert.Null(await store.GetBucketSettingAsync("photos", BucketSettings.Website, CancellationToken.None));
        Assert.Equal(ObjectStoreResult.NotFound, await store.SetBucketSettingAsync("none", BucketSettings.Website, "{}", CancellationToken.None));

        Assert.Equal(ObjectStoreResult.Done, await store.SetBucketSettingAsync("photos", BucketSettings.Website, "{\"a\":1}", CancellationToken.None));
        Assert.Equal(ObjectStoreResult.Done, await store.SetBucketSettingAsync("photos", BucketSettings.Website, "{\"a\":2}", CancellationToken.None));
        Assert.Equal("{\"a\":2}", await store.GetBucketSettingAsync("photos", BucketSettings.Website, CancellationToken.None));
        Assert.Null(await store.GetBucketSettingAsync("photos", BucketSettings.Notification, CancellationToken.None));

        Assert.Equal(ObjectStoreResult.Done, await store.SetBucketSettingAsync("photos", BucketSettings.Website, null, CancellationToken.None));
        Assert.Null(await store.GetBucketSettingAsync("photos", BucketSettings.Website, CancellationToken.None));
        Assert.Equal(ObjectStoreResult.NotFound, await store.SetBucketSettingAsync("none", BucketSettings.Website, null, CancellationToken.None));

        await store.SetBucketSettingAsync("quiet", BucketSettings.Website, "{}", CancellationToken.None);
        Assert.Equal(ObjectStoreResult.Done, await store.DeleteBucketAsync("quiet", CancellationToken.None));
        await store.CreateBucketAsync(Bucket("quiet"), CancellationToken.None);
        Assert.Null(await store.GetBucketSettingAsync("quiet", BucketSettings.Website, CancellationToken.None));
    }

    [Fact]
    public async Task Changes_OnlyInBucketsWithNotifications_InOrder_WithTheirOrigin_UntilAcknowledged()
    {
        var store = _bed.Store;
        await store.SetBucketSettingAsync("photos", BucketSettings.Notification, "{}", CancellationToken.None);
        var origin = new ObjectChangeOrigin("req-1", "127.0.0.1", "Root=1-abc;Lineage=a:1");

        var put = await store.PutAsync(Write("photos", "a b.jpg") with { Origin = origin }, new MemoryStream("meow"u8.ToArray()), CancellationToken.None);
        await _bed.PutAsync("quiet", "ignored", "x");
        await store.CopyAsync("photos", "a b.jpg", "photos", "copy.jpg", null, null, CancellationToken.None);
        await store.CopyAsync("photos", "a b.jpg", "quiet", "copy.jpg", null, null, CancellationToken.None);
        Assert.True(await store.DeleteAsync("photos", "a b.jpg", origin, CancellationToken.None));
        Assert.False(await store.DeleteAsync("photos", "never", origin, CancellationToken.None));

        var changes = await store.ReadChangesAsync(10, CancellationToken.None);
        Assert.Equal(
            [("a b.jpg", ObjectEventNames.Put, 4L), ("copy.jpg", ObjectEventNames.Copy, 4L), ("a b.jpg", ObjectEventNames.Delete, 0L)],
            changes.Select(c => (c.Key, c.EventName, c.Size)));
        Assert.All(changes, c => Assert.Equal((Tenant, "photos", "{}", "us-east-1"), (c.TenantId, c.Bucket, c.Notification, c.Region)));
        Assert.Equal(put!.ETag.Trim('"'), changes[0].ETag);
        Assert.Null(changes[2].ETag);
        Assert.Equal(origin, changes[0].Origin);
        Assert.Null(changes[1].Origin);
        Assert.True(changes[0].Sequence < changes[1].Sequence && changes[1].Sequence < changes[2].Sequence);

        await store.AcknowledgeChangesAsync([changes[0].Sequence, changes[1].Sequence], CancellationToken.None);
        var restarted = _bed.NewStore();
        Assert.Equal([changes[2].Sequence], (await restarted.ReadChangesAsync(10, CancellationToken.None)).Select(c => c.Sequence));
    }

    [Fact]
    public async Task WhenChanged_CompletesForAChangeMadeBeforeOrAfterTheWait()
    {
        var store = _bed.Store;
        await store.SetBucketSettingAsync("photos", BucketSettings.Notification, "{}", CancellationToken.None);
        var waiting = store.WhenChangedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await _bed.PutAsync("quiet", "k", "x");
        Assert.False(waiting.IsCompleted);

        await _bed.PutAsync("photos", "k", "x");
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        await _bed.PutAsync("photos", "k2", "x");
        Assert.True(store.WhenChangedAsync(CancellationToken.None).IsCompleted);
        Assert.False(store.WhenChangedAsync(CancellationToken.None).IsCompleted);
    }
}
