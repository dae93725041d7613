using System.Security.Cryptography;
using static Kumo.Storage.Sqlite.Tests.Objects.ObjectStoreTestBed;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Runs alone, so that other tests' allocations do not blur the memory it watches.</summary>
[CollectionDefinition(nameof(ObjectStreamingTests), DisableParallelization = true)]
public sealed class ObjectStreamingCollection;

/// <summary>Bodies stream through the store in a fixed buffer: a 200 MB object never sits in memory.</summary>
[Collection(nameof(ObjectStreamingTests))]
public sealed class ObjectStreamingTests : IAsyncLifetime
{
    private const long BodySize = 200L * 1024 * 1024;
    private const long MemoryAllowance = 48L * 1024 * 1024;

    private ObjectStoreTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync("big");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task PutAndOpen_200MegabyteBody_StreamWithoutHoldingIt()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var body = new GeneratedStream(BodySize, baseline);

        var stored = await _bed.Store.PutAsync(Write("big", "video.bin"), body, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(BodySize, stored.Size);
        Assert.Equal($"\"{body.Md5}\"", stored.ETag);
        Assert.True(body.PeakGrowth < MemoryAllowance, $"memory grew by {body.PeakGrowth / (1024 * 1024)} MB while writing");

        await using var content = await _bed.Store.OpenAsync("big", "video.bin", CancellationToken.None);
        Assert.NotNull(content);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        long total = 0;
        long peak = 0;
        int read;
        while ((read = await content.Body.ReadAsync(buffer)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            total += read;
            if (total % (16 * 1024 * 1024) < read)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }
        }

        Assert.Equal(BodySize, total);
        Assert.Equal(body.Md5, Convert.ToHexStringLower(md5.GetHashAndReset()));
        Assert.True(peak < MemoryAllowance, $"memory grew by {peak / (1024 * 1024)} MB while reading");
    }

    /// <summary>Pseudo-random bytes made as they are read; it notes the managed heap's growth every 16 MB.</summary>
    private sealed class GeneratedStream(long length, long baseline) : Stream
    {
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private ulong _state = 0x9E3779B97F4A7C15;
        private long _position;

        public long PeakGrowth { get; private set; }

        public string Md5 => Convert.ToHexStringLower(_md5.GetCurrentHash());

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            var chunk = buffer[..n];
            for (var i = 0; i < chunk.Length; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                chunk[i] = (byte)_state;
            }

            _md5.AppendData(chunk);
            var before = _position;
            _position += n;
            if (before / (16 * 1024 * 1024) != _position / (16 * 1024 * 1024))
            {
                PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _md5.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
