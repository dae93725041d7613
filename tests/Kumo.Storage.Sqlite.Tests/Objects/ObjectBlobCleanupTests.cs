using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Start-up removes what a crash left under objects/: unfinished uploads and bodies no object names.</summary>
public sealed class ObjectBlobCleanupTests : IAsyncLifetime
{
    private const int IncompleteUploadRemoved = 1003;
    private const int OrphanRemoved = 1004;

    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("b");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private string Place(params string[] parts)
    {
        var path = Path.Combine([_bed.ObjectsRoot, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "left over");
        return path;
    }

    [Fact]
    public async Task InitializeAsync_FilesInTmp_AreRemovedAndLogged()
    {
        var interrupted = Place("tmp", "0123456789abcdef0123456789abcdef");
        var odd = Place("tmp", "whatever name");
        var logger = new RecordingLogger();

        await _bed.NewStore(logger).InitializeAsync(CancellationToken.None);

        Assert.Empty(_bed.TemporaryFiles());
        var logged = logger.Entries.Where(e => e.EventId == IncompleteUploadRemoved).Select(e => e.Message).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains(logged, m => m.Contains(interrupted, StringComparison.Ordinal));
        Assert.Contains(logged, m => m.Contains(odd, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InitializeAsync_BodiesNoObjectNames_AreRemovedReferencedOnesStay()
    {
        await _bed.PutAsync("b", "kept/1", "one");
        await _bed.PutAsync("b", "kept/2", "two");
        // A crash after the rename and before the commit, or after a replacing commit and before the unlink.
        var orphan = Place("ab", "ab0123456789abcdef0123456789abcd");
        var another = Place("00", "00000000000000000000000000000000");
        var notOurs = Place("ab", "README");
        var otherDirectory = Place("backup", "0123456789abcdef0123456789abcdef");
        var logger = new RecordingLogger();

        await _bed.NewStore(logger).InitializeAsync(CancellationToken.None);

        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(another));
        Assert.True(File.Exists(notOurs));
        Assert.True(File.Exists(otherDirectory));
        Assert.Equal("one", await _bed.ReadAsync("b", "kept/1"));
        Assert.Equal("two", await _bed.ReadAsync("b", "kept/2"));
        Assert.Equal(2, _bed.BlobFiles().Except([notOurs, otherDirectory]).Count());
        var logged = logger.Entries.Where(e => e.EventId == OrphanRemoved).Select(e => e.Message).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Contains(logged, m => m.Contains(orphan, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InitializeAsync_NothingLeftOver_RemovesNothing()
    {
        await _bed.PutAsync("b", "k", "v");
        var logger = new RecordingLogger();

        await _bed.NewStore(logger).InitializeAsync(CancellationToken.None);

        Assert.DoesNotContain(logger.Entries, e => e.EventId is IncompleteUploadRemoved or OrphanRemoved);
        Assert.Single(_bed.BlobFiles());
    }

    [Fact]
    public async Task InitializeAsync_WhileAWriteIsUnderWay_LeavesItsFileAlone()
    {
        var body = new PausingStream(bytesBeforePause: 100_000, bytesAfterPause: 10);
        var put = _bed.Store.PutAsync(Write("b", "busy"), body, CancellationToken.None);
        await body.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_bed.TemporaryFiles());

        await _bed.Store.InitializeAsync(CancellationToken.None);
        Assert.Single(_bed.TemporaryFiles());
        body.Resume();
        var stored = await put;

        Assert.NotNull(stored);
        Assert.Equal(100_010, stored.Size);
        await using var content = await _bed.Store.OpenAsync("b", "busy", CancellationToken.None);
        Assert.Equal(100_010, content!.Body.Length);
        Assert.Empty(_bed.TemporaryFiles());
    }
}
