using System.Text;
using System.Xml;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// DeleteObjects (<c>POST /{bucket}?delete</c>): up to 1,000 keys in a <c>&lt;Delete&gt;</c> document, each
/// answered with <c>&lt;Deleted&gt;</c> (left out in <c>Quiet</c> mode) or <c>&lt;Error&gt;</c>. A
/// <c>Content-MD5</c> or <c>x-amz-checksum-*</c> header, which SDKs send with it, is checked.
/// </summary>
internal static class DeleteObjectsOperation
{
    private const int MostKeys = 1000;

    // 1,000 keys of up to 1,024 bytes each, escaped, with their elements.
    private const long BodyLimit = 8 * 1024 * 1024;

    public static async Task ServeAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        if (await RequestBody.ReadAsync(call.Request, BodyLimit, call.Aborted) is not { } body)
        {
            await call.ErrorAsync(S3Errors.MaxMessageLengthExceeded(BodyLimit));
            return;
        }

        if (DocumentDigest.Problem(call, body.Span) is { } digestProblem)
        {
            await call.ErrorAsync(digestProblem);
            return;
        }

        List<(string Key, string? VersionId)> keys;
        bool quiet;
        try
        {
            (keys, quiet) = Parse(body);
        }
        catch (XmlException)
        {
            await call.ErrorAsync(S3Errors.MalformedXml());
            return;
        }

        var results = new List<(string Key, string? VersionId, S3Error? Error)>(keys.Count);
        foreach (var (key, versionId) in keys)
        {
            var size = Encoding.UTF8.GetByteCount(key);
            if (size > S3Errors.MaxKeyBytes)
            {
                results.Add((key, versionId, S3Errors.KeyTooLong(size)));
            }
            else if (versionId is not null && versionId != "null")
            {
                results.Add((key, versionId, new S3Error(StatusCodes.Status404NotFound, "NoSuchVersion", "The specified version does not exist.")));
            }
            else
            {
                await call.Store.DeleteAsync(call.Bucket, key, call.Origin, call.Aborted);
                results.Add((key, versionId, null));
            }
        }

        await call.XmlAsync(S3Xml.Document("DeleteResult", writer =>
        {
            foreach (var (key, versionId, error) in results)
            {
                if (error is null && quiet)
                {
                    continue;
                }

                writer.WriteStartElement(error is null ? "Deleted" : "Error");
                writer.Element("Key", key);
                if (versionId is not null)
                {
                    writer.Element("VersionId", versionId);
                }

                if (error is not null)
                {
                    writer.Element("Code", error.Code);
                    writer.Element("Message", error.Message);
                }

                writer.WriteEndElement();
            }
        }));
    }

    private static (List<(string Key, string? VersionId)> Keys, bool Quiet) Parse(ReadOnlyMemory<byte> body)
    {
        using var reader = S3Xml.Reader(body);
        reader.MoveToContent();
        if (reader.LocalName != "Delete")
        {
            throw new XmlException("not a Delete document");
        }

        var keys = new List<(string, string?)>();
        var quiet = false;
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "Quiet")
            {
                quiet = reader.ReadElementContentAsString().Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "Object")
            {
                keys.Add(ReadObject(reader.ReadSubtree()));
                if (keys.Count > MostKeys)
                {
                    throw new XmlException("more than 1000 keys");
                }

                reader.Read();
            }
            else
            {
                reader.Read();
            }
        }

        if (keys.Count == 0)
        {
            throw new XmlException("no keys");
        }

        return (keys, quiet);
    }

    private static (string Key, string? VersionId) ReadObject(XmlReader entry)
    {
        using (entry)
        {
            string? key = null;
            string? versionId = null;
            entry.Read();
            entry.Read();
            while (!entry.EOF)
            {
                if (entry.NodeType == XmlNodeType.Element && entry.LocalName == "Key")
                {
                    key = entry.ReadElementContentAsString();
                }
                else if (entry.NodeType == XmlNodeType.Element && entry.LocalName == "VersionId")
                {
                    versionId = entry.ReadElementContentAsString();
                }
                else
                {
                    entry.Read();
                }
            }

            return key is { Length: > 0 } ? (key, versionId) : throw new XmlException("an Object without a Key");
        }
    }
}
