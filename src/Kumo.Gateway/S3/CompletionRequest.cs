using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Kumo.Gateway.S3;

/// <summary>
/// The body of CompleteMultipartUpload: <c>&lt;CompleteMultipartUpload&gt;</c> with a <c>&lt;Part&gt;</c> for each part
/// of the object, in order, each with its <c>PartNumber</c>, <c>ETag</c> and any <c>Checksum*</c> the client kept.
/// Read one part at a time, so that a document of megabytes never becomes a tree of tens of megabytes.
/// </summary>
internal static class CompletionRequest
{
    /// <summary>
    /// The parts the document names, in its order; throws <see cref="XmlException"/> for one that is not well-formed,
    /// names no part or more than <see cref="MultipartCalls.MostParts"/>.
    /// </summary>
    public static List<RequestedPart> Parse(ReadOnlyMemory<byte> body)
    {
        using var reader = S3Xml.Reader(body);
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "CompleteMultipartUpload")
        {
            throw new XmlException("not a CompleteMultipartUpload document");
        }

        var parts = new List<RequestedPart>();
        var empty = reader.IsEmptyElement;
        reader.Read();
        while (!empty && !reader.EOF && reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            // ReadFrom moves past the element it reads.
            var element = (XElement)XNode.ReadFrom(reader);
            if (element.Name.LocalName != "Part")
            {
                continue;
            }

            if (parts.Count == MultipartCalls.MostParts)
            {
                throw new XmlException($"more than {MultipartCalls.MostParts} parts");
            }

            parts.Add(PartOf(element));
        }

        // The rest must be well-formed too.
        while (reader.Read())
        {
        }

        return parts.Count > 0 ? parts : throw new XmlException("no parts");
    }

    private static RequestedPart PartOf(XElement part)
    {
        var numberText = Child(part, "PartNumber") ?? throw new XmlException("a Part without a PartNumber");
        var etag = Child(part, "ETag") ?? throw new XmlException("a Part without an ETag");
        if (!int.TryParse(numberText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw new XmlException("a PartNumber that is not a number");
        }

        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            if (Child(part, algorithm.ElementName()) is { } value)
            {
                checksums[algorithm.Name()] = value.Trim();
            }
        }

        return new RequestedPart(number, etag.Trim(), checksums);
    }

    private static string? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
