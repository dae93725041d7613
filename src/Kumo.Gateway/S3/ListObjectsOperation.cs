using System.Globalization;
using System.Xml;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>
/// ListObjectsV2 (<c>GET /{bucket}?list-type=2</c>) and ListObjects (<c>GET /{bucket}</c>): <c>prefix</c>,
/// <c>delimiter</c>, <c>max-keys</c> (at most 1,000), <c>encoding-type=url</c>; V2's <c>continuation-token</c>
/// (the base64 of the last key or common prefix of the page before), <c>start-after</c> and <c>fetch-owner</c>;
/// V1's <c>marker</c> and, with a delimiter, <c>NextMarker</c>.
/// </summary>
internal static class ListObjectsOperation
{
    private const int MostKeys = 1000;

    public static async Task ServeAsync(S3Call call)
    {
        var query = call.Query;
        var listType = query["list-type"].ToString();
        if (listType.Length > 0 && listType != "2")
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Invalid List Type specified in Request", "list-type", listType));
            return;
        }

        var v2 = listType == "2";
        var encodingType = query["encoding-type"].ToString();
        if (encodingType.Length > 0 && !encodingType.Equals("url", StringComparison.OrdinalIgnoreCase))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType));
            return;
        }

        var maxKeysText = query["max-keys"].ToString();
        var maxKeys = MostKeys;
        if (maxKeysText.Length > 0)
        {
            if (!int.TryParse(maxKeysText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out maxKeys))
            {
                await call.ErrorAsync(S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", maxKeysText));
                return;
            }

            if (maxKeys < 0)
            {
                await call.ErrorAsync(S3Errors.InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "max-keys", maxKeysText));
                return;
            }

            maxKeys = Math.Min(maxKeys, MostKeys);
        }

        var token = v2 ? query["continuation-token"].ToString() : "";
        string? fromToken = null;
        if (token.Length > 0 && !ContinuationToken.TryDecode(token, out fromToken))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token));
            return;
        }

        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        var startAfter = v2 ? query["start-after"].ToString() : query["marker"].ToString();
        var delimiter = query["delimiter"].ToString();
        var listing = new ObjectQuery
        {
            Bucket = call.Bucket,
            Prefix = query["prefix"].ToString(),
            Delimiter = delimiter.Length > 0 ? delimiter : null,
            After = fromToken ?? (startAfter.Length > 0 ? startAfter : null),
            MaxKeys = maxKeys,
        };
        var page = maxKeys == 0
            ? new ObjectPage([], [], IsTruncated: false, NextAfter: null)
            : await call.Store.ListAsync(listing, call.Aborted);
        var request = new ListRequest(listing, encodingType.Length > 0, token, startAfter,
            v2 ? string.Equals(query["fetch-owner"], "true", StringComparison.OrdinalIgnoreCase) : true);
        await call.XmlAsync(v2 ? WriteV2(call, request, page) : WriteV1(call, request, page));
    }

    private static byte[] WriteV2(S3Call call, ListRequest request, ObjectPage page) =>
        S3Xml.Document("ListBucketResult", writer =>
        {
            WriteHead(writer, call, request);
            writer.Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count);
            writer.Element("IsTruncated", page.IsTruncated);
            if (request.Token.Length > 0)
            {
                writer.Element("ContinuationToken", request.Token);
            }

            if (page is { IsTruncated: true, NextAfter: { } next })
            {
                writer.Element("NextContinuationToken", ContinuationToken.Encode(next));
            }

            if (request.StartAfter.Length > 0)
            {
                writer.Element("StartAfter", request.Encode(request.StartAfter));
            }

            WriteEntries(writer, call, request, page);
        });

    private static byte[] WriteV1(S3Call call, ListRequest request, ObjectPage page) =>
        S3Xml.Document("ListBucketResult", writer =>
        {
            WriteHead(writer, call, request);
            writer.Element("Marker", request.Encode(request.StartAfter));
            if (request.Query.Delimiter is not null && page is { IsTruncated: true, NextAfter: { } next })
            {
                writer.Element("NextMarker", request.Encode(next));
            }

            writer.Element("IsTruncated", page.IsTruncated);
            WriteEntries(writer, call, request, page);
        });

    private static void WriteHead(XmlWriter writer, S3Call call, ListRequest request)
    {
        writer.Element("Name", call.Bucket);
        writer.Element("Prefix", request.Encode(request.Query.Prefix));
        if (request.Query.Delimiter is { } delimiter)
        {
            writer.Element("Delimiter", request.Encode(delimiter));
        }

        writer.Element("MaxKeys", request.Query.MaxKeys);
        if (request.UrlEncoded)
        {
            writer.Element("EncodingType", "url");
        }
    }

    private static void WriteEntries(XmlWriter writer, S3Call call, ListRequest request, ObjectPage page)
    {
        foreach (var entry in page.Objects)
        {
            writer.WriteStartElement("Contents");
            writer.Element("Key", request.Encode(entry.Key));
            writer.Element("LastModified", entry.LastModified);
            writer.Element("ETag", entry.ETag);
            string? checksumType = null;
            foreach (var (name, value) in entry.Checksums)
            {
                if (ChecksumAlgorithms.FromName(name) is { } algorithm)
                {
                    writer.Element("ChecksumAlgorithm", algorithm.Name());
                    checksumType = MultipartChecksums.TypeOf(value);
                }
            }

            if (checksumType is not null)
            {
                writer.Element("ChecksumType", checksumType);
            }

            writer.Element("Size", entry.Size);
            if (request.FetchOwner)
            {
                S3Owner.Write(writer, call.Tenant);
            }

            writer.Element("StorageClass", "STANDARD");
            writer.WriteEndElement();
        }

        foreach (var prefix in page.CommonPrefixes)
        {
            writer.WriteStartElement("CommonPrefixes");
            writer.Element("Prefix", request.Encode(prefix));
            writer.WriteEndElement();
        }
    }

    /// <summary>What the listing asked for, beyond the store's query.</summary>
    private sealed record ListRequest(ObjectQuery Query, bool UrlEncoded, string Token, string StartAfter, bool FetchOwner)
    {
        public string Encode(string value) => S3UrlEncoding.Apply(value, UrlEncoded);
    }
}
