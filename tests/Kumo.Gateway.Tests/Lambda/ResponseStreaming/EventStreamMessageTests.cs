using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Kumo.Gateway.Lambda.ResponseStreaming;

namespace Kumo.Gateway.Tests.Lambda.ResponseStreaming;

public sealed class EventStreamMessageTests
{
    [Fact]
    public void Encode_EmptyMessage_MatchesTheKnownEncoding()
    {
        // The event stream specification's smallest message: no headers, no payload.
        var message = EventStreamMessage.Encode([], []);

        Assert.Equal(Convert.FromHexString("000000100000000005C248EB7D98C8FF"), message);
    }

    [Fact]
    public void Event_PayloadChunk_HasLengthsHeadersPayloadAndBothCrcs()
    {
        var payload = Encoding.UTF8.GetBytes("hello");

        var message = EventStreamMessage.Event("PayloadChunk", "application/octet-stream", payload);

        var total = BinaryPrimitives.ReadInt32BigEndian(message);
        var headersLength = BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4));
        Assert.Equal(message.Length, total);
        Assert.Equal(Crc32.HashToUInt32(message.AsSpan(0, 8)), BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(8)));
        Assert.Equal(Crc32.HashToUInt32(message.AsSpan(0, total - 4)), BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(total - 4)));
        Assert.Equal(payload, message.AsSpan(12 + headersLength, total - 16 - headersLength).ToArray());
        var headers = ReadHeaders(message.AsSpan(12, headersLength));
        Assert.Equal("PayloadChunk", headers[":event-type"]);
        Assert.Equal("event", headers[":message-type"]);
        Assert.Equal("application/octet-stream", headers[":content-type"]);
    }

    private static Dictionary<string, string> ReadHeaders(ReadOnlySpan<byte> bytes)
    {
        var headers = new Dictionary<string, string>();
        while (!bytes.IsEmpty)
        {
            var nameLength = bytes[0];
            var name = Encoding.UTF8.GetString(bytes.Slice(1, nameLength));
            Assert.Equal(7, bytes[1 + nameLength]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 + nameLength)..]);
            headers[name] = Encoding.UTF8.GetString(bytes.Slice(4 + nameLength, valueLength));
            bytes = bytes[(4 + nameLength + valueLength)..];
        }

        return headers;
    }
}
