using System.Security.Cryptography;
using System.Text;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>Decoding <c>aws-chunked</c> bodies: signed and unsigned chunks, trailers, and bodies that are cut short or malformed.</summary>
public sealed class AwsChunkedStreamTests
{
    private static async Task<byte[]> DecodeAsync(AwsChunkedStream stream, int readSize = 8192)
    {
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(true, 8192, 8192)]
    [InlineData(false, 8192, 8192)]
    [InlineData(true, 1000, 1)]
    [InlineData(false, 65_536, 70_001)]
    public async Task Decode_GivesTheDataAlone(bool signed, int chunkSize, int readSize)
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        var stream = new AwsChunkedStream(new MemoryStream(AwsChunkedBody.Build(data, chunkSize, signed)));

        Assert.Equal(data, await DecodeAsync(stream, readSize));
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task Decode_ArrivingAByteAtATime_GivesTheDataAndTrailers()
    {
        var data = Encoding.ASCII.GetBytes("hello, chunked world");
        var body = AwsChunkedBody.Build(data, 5, signed: true, [new("x-amz-checksum-crc32", "AAAAAA==")]);
        var stream = new AwsChunkedStream(new TrickleStream(body));

        Assert.Equal(data, await DecodeAsync(stream, 3));
        Assert.Equal("AAAAAA==", stream.Trailers["x-amz-checksum-crc32"]);
        Assert.True(stream.Trailers.ContainsKey("x-amz-trailer-signature"));
    }

    [Fact]
    public async Task Decode_UnsignedTrailer_KeepsTheTrailer()
    {
        var stream = new AwsChunkedStream(new MemoryStream("5\r\nhello\r\n0\r\nx-amz-checksum-crc32c : abc= \r\n\r\n"u8.ToArray()));

        Assert.Equal("hello"u8.ToArray(), await DecodeAsync(stream));
        Assert.Equal("abc=", stream.Trailers["X-Amz-Checksum-CRC32C"]);
    }

    [Fact]
    public async Task Decode_EmptyBody_IsJustTheFinalChunk()
    {
        var stream = new AwsChunkedStream(new MemoryStream("0\r\n\r\n"u8.ToArray()));

        Assert.Empty(await DecodeAsync(stream));
    }

    [Fact]
    public async Task Decode_WithoutTheFinalChunk_ThrowsIncompleteBody()
    {
        var stream = new AwsChunkedStream(new MemoryStream(AwsChunkedBody.Build([1, 2, 3], 2, signed: false, final: false)));

        var error = await Assert.ThrowsAsync<S3Exception>(() => DecodeAsync(stream));
        Assert.Equal("IncompleteBody", error.Error.Code);
    }

    [Fact]
    public async Task Decode_ChunkCutShort_ThrowsIncompleteBody()
    {
        var stream = new AwsChunkedStream(new MemoryStream("a\r\nhello"u8.ToArray()));

        var error = await Assert.ThrowsAsync<S3Exception>(() => DecodeAsync(stream));
        Assert.Equal("IncompleteBody", error.Error.Code);
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloXX\r\n0\r\n\r\n")]
    [InlineData(";chunk-signature=00\r\n")]
    public async Task Decode_Malformed_ThrowsInvalidRequest(string body)
    {
        var stream = new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(body)));

        var error = await Assert.ThrowsAsync<S3Exception>(() => DecodeAsync(stream));
        Assert.Equal("InvalidRequest", error.Error.Code);
    }

    [Fact]
    public async Task Decode_EndlessHeaderLine_ThrowsInvalidRequest()
    {
        var stream = new AwsChunkedStream(new MemoryStream(Encoding.ASCII.GetBytes(new string('1', 10_000))));

        var error = await Assert.ThrowsAsync<S3Exception>(() => DecodeAsync(stream));
        Assert.Equal("InvalidRequest", error.Error.Code);
    }

    [Fact]
    public async Task Decode_TrailerWithoutColon_ThrowsMalformedTrailerError()
    {
        var stream = new AwsChunkedStream(new MemoryStream("0\r\nnot a trailer\r\n\r\n"u8.ToArray()));

        var error = await Assert.ThrowsAsync<S3Exception>(() => DecodeAsync(stream));
        Assert.Equal("MalformedTrailerError", error.Error.Code);
    }

    /// <summary>A stream that gives one byte a read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
