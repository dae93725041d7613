using System.Net;
using System.Security.Cryptography;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// An upload body of <paramref name="size"/> bytes that are the same for the same <paramref name="seed"/>, written a
/// megabyte at a time and never held whole. With a <paramref name="pauseAt"/> it stops after that many bytes, says so
/// through <see cref="Paused"/>, and goes on only once <paramref name="resume"/> completes: an upload cut mid-flight
/// at a known point. <see cref="Sent"/> completes when its last byte has been handed to the connection.
/// </summary>
internal sealed class SeededBody(int seed, long size, long? pauseAt = null, Task? resume = null) : HttpContent
{
    private const int ChunkSize = 1024 * 1024;

    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Paused => _paused.Task;

    public Task Sent => _sent.Task;

    /// <summary>The MD5 of the <paramref name="size"/> bytes of <paramref name="seed"/>, in lowercase hex, as S3's ETag of a single PUT has it.</summary>
    public static string Md5Of(int seed, long size)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var chunk in Chunks(seed, size))
        {
            md5.AppendData(chunk.Span);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        long written = 0;
        foreach (var chunk in Chunks(seed, size))
        {
            if (pauseAt is { } pause && written + chunk.Length > pause)
            {
                var before = (int)(pause - written);
                await stream.WriteAsync(chunk[..before]);
                await stream.FlushAsync();
                _paused.TrySetResult();
                await resume!;
                await stream.WriteAsync(chunk[before..]);
                pauseAt = null;
            }
            else
            {
                await stream.WriteAsync(chunk);
            }

            written += chunk.Length;
        }

        await stream.FlushAsync();
        _sent.TrySetResult();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return true;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(int seed, long size)
    {
        var random = new Random(seed);
        var buffer = new byte[ChunkSize];
        for (long left = size; left > 0; left -= ChunkSize)
        {
            random.NextBytes(buffer);
            yield return buffer.AsMemory(0, (int)Math.Min(left, ChunkSize));
        }
    }
}
