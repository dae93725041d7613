using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>How both payload formats write their JSON, and the fields they write alike.</summary>
internal static class EventJson
{
    // The event goes to a function, never into HTML: non-ASCII text is written as itself, not as \uXXXX escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the UTF-8 JSON it wrote.</summary>
    public static byte[] Write<TState>(TState state, int sizeHint, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, sizeHint));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A size to start the buffer at: room for the body as base64 and for the rest of the event.</summary>
    public static int SizeHint(HttpRequestData request) => 2048 + (request.Body.Length / 3 * 4);

    /// <summary>
    /// Writes <c>body</c> and <c>isBase64Encoded</c> by <see cref="BodyEncoding"/>. An empty body is left out, or written
    /// as null when <paramref name="nullWhenEmpty"/>.
    /// </summary>
    public static void WriteBody(Utf8JsonWriter writer, HttpRequestData request, bool nullWhenEmpty)
    {
        var body = request.Body.Span;
        var asText = BodyEncoding.IsText(HeaderGroups.First(request.Headers, "Content-Type"), body);
        if (body.IsEmpty)
        {
            if (nullWhenEmpty)
            {
                writer.WriteNull("body");
            }
        }
        else if (asText)
        {
            writer.WriteString("body", body);
        }
        else
        {
            writer.WriteBase64String("body", body);
        }

        writer.WriteBoolean("isBase64Encoded", !body.IsEmpty && !asText);
    }

    /// <summary>Writes the object as a map of strings.</summary>
    public static void WriteStringMap(Utf8JsonWriter writer, string propertyName, IEnumerable<KeyValuePair<string, string>> values)
    {
        writer.WriteStartObject(propertyName);
        foreach (var (name, value) in values)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>A request time as API Gateway writes it: <c>12/Mar/2020:19:03:58 +0000</c>, in UTC.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("dd'/'MMM'/'yyyy':'HH':'mm':'ss' +0000'", CultureInfo.InvariantCulture);

    /// <summary>The first label of a domain name: <c>abc</c> for <c>abc.lambda-url.localhost</c>.</summary>
    public static string DomainPrefix(string domainName)
    {
        var dot = domainName.IndexOf('.', StringComparison.Ordinal);
        return dot >= 0 ? domainName[..dot] : domainName;
    }

    /// <summary>The path with its percent-escapes decoded (<c>+</c> stays a plus in a path).</summary>
    public static string DecodePath(string rawPath) => Uri.UnescapeDataString(rawPath);
}
