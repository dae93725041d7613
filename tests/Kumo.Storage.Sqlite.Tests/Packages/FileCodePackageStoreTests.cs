using System.Security.Cryptography;
using Kumo.Storage.Sqlite.Packages;
using Kumo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Storage.Sqlite.Tests.Packages;

public sealed class FileCodePackageStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<FileCodePackageStore> NewStoreAsync()
    {
        var store = new FileCodePackageStore(_data.Path, NullLogger<FileCodePackageStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private string[] IncomingFiles() => Directory.GetFiles(_data.Combine("packages", ".incoming"));

    [Fact]
    public async Task PutAsync_Content_IsStoredUnderItsSha256AndReadsBack()
    {
        var store = await NewStoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var package = await store.PutAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), package.Sha256);
        Assert.Equal(bytes.Length, package.Size);
        await using var read = await store.OpenReadAsync(package.Sha256, CancellationToken.None);
        Assert.NotNull(read);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task PutAsync_SameContentTwice_KeepsOneFile()
    {
        var store = await NewStoreAsync();
        var bytes = "same code"u8.ToArray();

        var first = await store.PutAsync(new MemoryStream(bytes), CancellationToken.None);
        var second = await store.PutAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(_data.Combine("packages", "sha256"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PutAsync_SourceFailsMidway_LeavesNoPackageAndNoTemporaryFile()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(bytesBeforeFailure: 200_000), CancellationToken.None));

        Assert.Empty(IncomingFiles());
        Assert.Empty(Directory.GetFiles(_data.Combine("packages", "sha256"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InitializeAsync_LeftoverOfInterruptedUpload_IsRemoved()
    {
        await NewStoreAsync();
        await File.WriteAllTextAsync(_data.Combine("packages", ".incoming", "interrupted"), "half a package");

        await NewStoreAsync();

        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task OpenReadAsync_Unknown_ReturnsNull()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.OpenReadAsync(new string('a', 64), CancellationToken.None));
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task OpenReadAsync_NotAHash_IsRejected(string name)
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_Stored_RemovesItOnce()
    {
        var store = await NewStoreAsync();
        var package = await store.PutAsync(new MemoryStream("code"u8.ToArray()), CancellationToken.None);

        Assert.True(await store.DeleteAsync(package.Sha256, CancellationToken.None));
        Assert.False(await store.DeleteAsync(package.Sha256, CancellationToken.None));
        Assert.Null(await store.OpenReadAsync(package.Sha256, CancellationToken.None));
    }

    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _left = bytesBeforeFailure;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0)
            {
                throw new IOException("the client went away");
            }

            var n = Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
