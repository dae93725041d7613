using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Objects;

namespace Kumo.Invocation.Notifications;

/// <summary>
/// The event a function receives for a change to an object: S3's event message (<c>{"Records":[…]}</c>, event version
/// 2.1), with one record, as Lambda functions written for S3 read it.
/// </summary>
internal static class S3EventRecord
{
    /// <summary>The event for <paramref name="change"/> in <paramref name="bucket"/>, sent for the configuration <paramref name="configurationId"/>.</summary>
    public static byte[] Create(ObjectChange change, BucketInfo bucket, string configurationId)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(bucket);
        var requestId = change.Origin?.RequestId is { Length: > 0 } id ? id : Sequencer(change.Sequence);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            writer.WriteStartObject();
            writer.WriteString("eventVersion", "2.1");
            writer.WriteString("eventSource", "aws:s3");
            writer.WriteString("awsRegion", bucket.Region);
            writer.WriteString("eventTime", change.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("eventName", change.EventName);
            writer.WriteStartObject("userIdentity");
            writer.WriteString("principalId", change.TenantId);
            writer.WriteEndObject();
            writer.WriteStartObject("requestParameters");
            writer.WriteString("sourceIPAddress", change.Origin?.SourceIp ?? "127.0.0.1");
            writer.WriteEndObject();
            writer.WriteStartObject("responseElements");
            writer.WriteString("x-amz-request-id", requestId);
            writer.WriteString("x-amz-id-2", HostId(requestId));
            writer.WriteEndObject();
            writer.WriteStartObject("s3");
            writer.WriteString("s3SchemaVersion", "1.0");
            writer.WriteString("configurationId", configurationId);
            writer.WriteStartObject("bucket");
            writer.WriteString("name", bucket.Name);
            writer.WriteStartObject("ownerIdentity");
            writer.WriteString("principalId", bucket.TenantId);
            writer.WriteEndObject();
            writer.WriteString("arn", "arn:aws:s3:::" + bucket.Name);
            writer.WriteEndObject();
            writer.WriteStartObject("object");
            writer.WriteString("key", S3EventKey.Encode(change.Key));
            // A removal carries neither size nor ETag, as on S3.
            if (change.ETag is not null)
            {
                writer.WriteNumber("size", change.Size);
                writer.WriteString("eTag", change.ETag);
            }

            writer.WriteString("sequencer", Sequencer(change.Sequence));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>S3's <c>sequencer</c>: the change's sequence as fixed-width uppercase hex, so that comparing two as strings orders them.</summary>
    public static string Sequencer(long sequence) => sequence.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>
    /// An <c>x-amz-id-2</c> for the record. The change keeps only the request id, so this is derived from it: stable
    /// for one request, but not the value that request's response carried.
    /// </summary>
    private static string HostId(string requestId) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
