using System.Globalization;
using System.Text;
using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>An object's headers: read from a PUT (or a copy with REPLACE) and sent with a GET or HEAD.</summary>
internal static class ObjectHeaders
{
    /// <summary>The most user metadata an object may carry: names and values, in UTF-8 bytes.</summary>
    public const int MaxMetadataBytes = 2048;

    // The query parameters that override a GET's response headers, and the header each overrides.
    private static readonly (string Query, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    /// <summary>The description of a new object from the request's headers; the error when its metadata is too large.</summary>
    /// <param name="request">The PUT or copy.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> to keep (the header's, less <c>aws-chunked</c>).</param>
    /// <param name="write">The description, without checksums.</param>
    public static S3Error? Read(HttpRequest request, string bucket, string key, string? contentEncoding, out ObjectWrite write)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in S3Headers.StoredContentHeaders)
        {
            var value = name == "Content-Encoding" ? contentEncoding : request.Headers[name].ToString();
            if (!string.IsNullOrEmpty(value))
            {
                headers[name] = value;
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, values) in request.Headers)
        {
            if (name.Length > S3Headers.MetaPrefix.Length && name.StartsWith(S3Headers.MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var metaName = name[S3Headers.MetaPrefix.Length..].ToLowerInvariant();
                var value = MimeWords.Decode(values.ToString());
                metadata[metaName] = value;
                size += Encoding.UTF8.GetByteCount(metaName) + Encoding.UTF8.GetByteCount(value);
            }
        }

        var contentType = request.ContentType;
        write = new ObjectWrite
        {
            Bucket = bucket,
            Key = key,
            ContentType = string.IsNullOrEmpty(contentType) ? null : contentType,
            Headers = headers,
            Metadata = metadata,
        };
        return size > MaxMetadataBytes ? S3Errors.MetadataTooLarge(size) : null;
    }

    /// <summary>
    /// Sets the headers of a GET or HEAD of <paramref name="info"/>, less <c>Content-Length</c>: the description, with
    /// the <c>response-*</c> query overrides applied and, when <paramref name="withChecksums"/>, the stored checksums.
    /// </summary>
    public static void Write(HttpResponse response, ObjectInfo info, IQueryCollection query, bool withChecksums)
    {
        var headers = response.Headers;
        headers.ETag = info.ETag;
        headers.LastModified = S3Xml.HttpTime(info.LastModified);
        headers.AcceptRanges = "bytes";
        headers.ContentType = info.ContentType;
        foreach (var (name, value) in info.Headers)
        {
            headers[name] = MimeWords.Encode(value);
        }

        foreach (var (name, value) in info.Metadata)
        {
            headers[S3Headers.MetaPrefix + name] = MimeWords.Encode(value);
        }

        foreach (var (parameter, header) in Overrides)
        {
            if (query.TryGetValue(parameter, out var value) && value.ToString() is { Length: > 0 } given)
            {
                headers[header] = MimeWords.Encode(given);
            }
        }

        if (info.PartCount > 0)
        {
            headers[S3Headers.PartsCount] = info.PartCount.ToString(CultureInfo.InvariantCulture);
        }

        if (withChecksums)
        {
            WriteChecksums(response, info.Checksums);
        }
    }

    /// <summary>
    /// Sets <c>x-amz-checksum-*</c> for the checksums S3 knows by name and, when <paramref name="withType"/>,
    /// <c>x-amz-checksum-type</c> (<c>COMPOSITE</c> for a multipart object's checksum of its parts' checksums).
    /// </summary>
    public static void WriteChecksums(HttpResponse response, IReadOnlyDictionary<string, string> checksums, bool withType = true)
    {
        string? type = null;
        foreach (var (name, value) in checksums)
        {
            if (ChecksumAlgorithms.FromName(name) is { } algorithm)
            {
                response.Headers[algorithm.HeaderName()] = value;
                type = MultipartChecksums.TypeOf(value);
            }
        }

        if (type is not null && withType)
        {
            response.Headers[S3Headers.ChecksumType] = type;
        }
    }
}
