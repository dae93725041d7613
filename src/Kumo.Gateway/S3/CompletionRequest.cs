using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Kumo.Gateway.S3;

/// <summary>
/// The body of CompleteMultipartUpload: <c>&lt;CompleteMultipartUpload&gt;</c> with a <c>&lt;Part&gt;</c> for each part
/// of the object, in order, each with its <c>PartNumber</c>, <c>ETag</c> and any <c>Checksum*</c> the client kept.
/// </summary>
internal static class CompletionRequest
{
    /// <summary>The parts the document names, in its order; throws <see cref="XmlException"/> for one that is not well-formed or names no part.</summary>
    public static List<RequestedPart> Parse(ReadOnlyMemory<byte> body)
    {
        using var reader = S3Xml.Reader(body);
        var document = XDocument.Load(reader);
        var root = document.Root;
        if (root?.Name.LocalName != "CompleteMultipartUpload")
        {
            throw new XmlException("not a CompleteMultipartUpload document");
        }

        var parts = new List<RequestedPart>();
        foreach (var part in root.Elements().Where(e => e.Name.LocalName == "Part"))
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

            parts.Add(new RequestedPart(number, etag.Trim(), checksums));
        }

        return parts.Count > 0 ? parts : throw new XmlException("no parts");
    }

    private static string? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
