using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Kumo.Gateway.Lambda.ResponseStreaming;

/// <summary>
/// One message of the AWS event stream encoding (<c>application/vnd.amazon.eventstream</c>): a prelude (total length,
/// headers length, both big-endian 32-bit), the prelude's CRC32, the headers (each a 1-byte name length, the name,
/// type 7 for a string, a 2-byte value length and the value), the payload, and the CRC32 of all that precedes it.
/// </summary>
internal static class EventStreamMessage
{
    private const byte StringHeaderType = 7;
    private const int PreludeLength = 12;
    private const int CrcLength = 4;

    /// <summary>An event: <c>:message-type</c> event, <c>:event-type</c> <paramref name="eventType"/>, with its content type.</summary>
    public static byte[] Event(string eventType, string contentType, ReadOnlySpan<byte> payload) =>
        Encode([(":event-type", eventType), (":content-type", contentType), (":message-type", "event")], payload);

    /// <summary>Encodes one message with string headers.</summary>
    public static byte[] Encode(IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var headerBytes = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            if (nameBytes.Length > byte.MaxValue || valueBytes.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"event stream header '{name}' is too long", nameof(headers));
            }

            headerBytes.WriteByte((byte)nameBytes.Length);
            headerBytes.Write(nameBytes);
            headerBytes.WriteByte(StringHeaderType);
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)valueBytes.Length);
            headerBytes.Write(length);
            headerBytes.Write(valueBytes);
        }

        var headersLength = (int)headerBytes.Length;
        var total = PreludeLength + headersLength + payload.Length + CrcLength;
        var message = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(message, total);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32.HashToUInt32(message.AsSpan(0, 8)));
        headerBytes.GetBuffer().AsSpan(0, headersLength).CopyTo(message.AsSpan(PreludeLength));
        payload.CopyTo(message.AsSpan(PreludeLength + headersLength));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - CrcLength), Crc32.HashToUInt32(message.AsSpan(0, total - CrcLength)));
        return message;
    }
}
