using Kumo.Server.DataDirectory;
using Kumo.Testing;

namespace Kumo.Server.Tests.DataDirectory;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_MissingDirectory_CreatesIt()
    {
        var path = _directory.Combine("a", "b", ".kumo");

        using var held = DataDirectoryLock.Acquire(path);

        Assert.True(Directory.Exists(path));
        Assert.True(File.Exists(Path.Combine(path, DataDirectoryLock.FileName)));
    }

    [Fact]
    public void Acquire_WhileHeld_FailsWithAMessageNamingTheHolder()
    {
        var path = _directory.Combine(".kumo");
        using var held = DataDirectoryLock.Acquire(path);
        new ServerInfoFile(4242, "http://127.0.0.1:7777", "0.1.0", DateTimeOffset.UtcNow).WriteTo(path);

        var error = Assert.Throws<KumoStartupException>(() => DataDirectoryLock.Acquire(path));

        Assert.Contains($"data directory '{path}' is in use by another Kumo server (pid 4242, at http://127.0.0.1:7777)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_AfterRelease_Succeeds()
    {
        var path = _directory.Combine(".kumo");
        DataDirectoryLock.Acquire(path).Dispose();

        using var again = DataDirectoryLock.Acquire(path);

        Assert.Equal(path, again.Directory);
    }

    [Fact]
    public void Acquire_PathUnderAFile_FailsWithAMessageNamingTheDirectory()
    {
        var file = _directory.Combine("not-a-directory");
        File.WriteAllText(file, "");
        var path = Path.Combine(file, ".kumo");

        var error = Assert.Throws<KumoStartupException>(() => DataDirectoryLock.Acquire(path));

        Assert.StartsWith($"data directory '{path}' cannot be created or written", error.Message, StringComparison.Ordinal);
        Assert.Contains("--data-dir or KUMO_DATA_DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_ReadOnlyDirectory_FailsWithAMessageNamingTheDirectory()
    {
        // Root ignores permission bits, so a read-only file system stands in: /proc refuses new files.
        var path = "/proc/kumo-test-" + Guid.NewGuid().ToString("N");

        var error = Assert.Throws<KumoStartupException>(() => DataDirectoryLock.Acquire(path));

        Assert.StartsWith($"data directory '{path}' cannot be created or written", error.Message, StringComparison.Ordinal);
    }
}
