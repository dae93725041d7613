using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Kumo.Gateway.S3;

/// <summary>Writes and reads S3's XML documents.</summary>
internal static class S3Xml
{
    /// <summary>The namespace of S3's documents.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    // CheckCharacters off: a key may hold characters XML 1.0 cannot carry (U+0001); S3 sends them anyway, and a client
    // that needs them intact asks for encoding-type=url. Failing the whole listing would help no one.
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = false };

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = false,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// A document written by <paramref name="write"/> inside the root element <paramref name="root"/> (in S3's
    /// namespace unless <paramref name="inNamespace"/> is false, as for errors). Written to memory, then sent: the
    /// largest (a listing of 1,000 keys) is a few hundred kilobytes.
    /// </summary>
    public static byte[] Document(string root, Action<XmlWriter> write, bool inNamespace = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root, inNamespace ? Namespace : "");
            write(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>A reader for a request's XML body, with DTDs refused; it reads the body where it lies, without a copy.</summary>
    public static XmlReader Reader(ReadOnlyMemory<byte> body)
    {
        var stream = MemoryMarshal.TryGetArray(body, out var bytes)
            ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        return XmlReader.Create(stream, ReaderSettings);
    }

    /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>.</summary>
    public static void Element(this XmlWriter writer, string name, string value) => writer.WriteElementString(name, value);

    /// <summary>Writes a number element.</summary>
    public static void Element(this XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a boolean element as S3 does (<c>true</c>/<c>false</c>).</summary>
    public static void Element(this XmlWriter writer, string name, bool value) => writer.WriteElementString(name, value ? "true" : "false");

    /// <summary>Writes a time element in S3's XML form.</summary>
    public static void Element(this XmlWriter writer, string name, DateTimeOffset value) => writer.WriteElementString(name, XmlTime(value));

    /// <summary>A time as S3 writes it in XML: ISO 8601 in UTC with milliseconds, <c>2009-10-12T17:50:30.000Z</c>.</summary>
    public static string XmlTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time as HTTP headers carry it (RFC 1123): <c>Wed, 21 Oct 2015 07:28:00 GMT</c>.</summary>
    public static string HttpTime(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
