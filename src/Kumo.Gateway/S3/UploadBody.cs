using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// How a PUT's body arrives and what it must add up to, read from its headers before a byte of it: plain or
/// <c>aws-chunked</c>, its decoded length, <c>Content-MD5</c>, a hex <c>x-amz-content-sha256</c>, and one S3
/// checksum (<c>x-amz-checksum-*</c> as a header, or named by <c>x-amz-trailer</c> and sent after the data).
/// </summary>
internal sealed class UploadBody
{
    private UploadBody()
    {
    }

    /// <summary>Whether the body is <c>aws-chunked</c>.</summary>
    public bool Chunked { get; private init; }

    /// <summary>The length of the data (decoded, for <c>aws-chunked</c>), when the client said it.</summary>
    public long? DeclaredLength { get; private init; }

    public byte[]? ContentMd5 { get; private init; }

    public byte[]? ContentSha256 { get; private init; }

    /// <summary>The S3 checksum to compute and verify, if any.</summary>
    public ChecksumAlgorithm? Algorithm { get; private init; }

    /// <summary>Its expected value from a header (base64); null when it comes in the trailer.</summary>
    public string? HeaderChecksum { get; private init; }

    /// <summary>Whether <see cref="Algorithm"/> is computed without a value to check it against (see <see cref="Computing"/>).</summary>
    public bool ComputedOnly { get; private init; }

    /// <summary>The <c>Content-Encoding</c> to keep: the header's codings less <c>aws-chunked</c>; null when none remain.</summary>
    public string? ContentEncoding { get; private init; }

    /// <summary>Reads the body's description from <paramref name="request"/>'s headers; the error when they are wrong.</summary>
    public static S3Error? TryRead(HttpRequest request, out UploadBody body)
    {
        body = new UploadBody();
        var headers = request.Headers;
        var codings = headers.ContentEncoding.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var contentSha256 = headers[S3Headers.ContentSha256].ToString();
        var chunked = contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal)
            || codings.Contains("aws-chunked", StringComparer.OrdinalIgnoreCase);

        byte[]? sha256 = null;
        if (!chunked && contentSha256.Length > 0 && contentSha256 != "UNSIGNED-PAYLOAD")
        {
            if (contentSha256.Length != 64 || !contentSha256.All(char.IsAsciiHexDigit))
            {
                return S3Errors.InvalidArgument(
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
                    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.", S3Headers.ContentSha256, contentSha256);
            }

            sha256 = Convert.FromHexString(contentSha256);
        }

        long? declared = request.ContentLength;
        if (chunked)
        {
            var decoded = headers[S3Headers.DecodedContentLength].ToString();
            declared = null;
            if (decoded.Length > 0)
            {
                if (!long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    return S3Errors.InvalidArgument("x-amz-decoded-content-length is not a number.", S3Headers.DecodedContentLength, decoded);
                }

                declared = length;
            }
        }

        if (declared > S3Errors.MaxSinglePutSize)
        {
            return S3Errors.EntityTooLarge(declared.Value);
        }

        byte[]? md5 = null;
        var contentMd5 = headers.ContentMD5.ToString();
        if (contentMd5.Length > 0)
        {
            md5 = new byte[16];
            if (!Convert.TryFromBase64String(contentMd5, md5, out var written) || written != 16)
            {
                return S3Errors.InvalidDigest();
            }
        }

        if (ReadChecksum(request, chunked, out var algorithm, out var headerChecksum) is { } checksumError)
        {
            return checksumError;
        }

        var kept = codings.Where(c => !c.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)).ToArray();
        body = new UploadBody
        {
            Chunked = chunked,
            DeclaredLength = declared,
            ContentMd5 = md5,
            ContentSha256 = sha256,
            Algorithm = algorithm,
            HeaderChecksum = headerChecksum,
            ContentEncoding = kept.Length > 0 ? string.Join(',', kept) : null,
        };
        return null;
    }

    /// <summary>
    /// This body with <paramref name="algorithm"/> computed as the data streams, though the client sent no value of it:
    /// a part of a multipart upload whose checksum the server adds, as S3 does for a full-object checksum.
    /// </summary>
    public UploadBody Computing(ChecksumAlgorithm algorithm) => new()
    {
        Chunked = Chunked,
        DeclaredLength = DeclaredLength,
        ContentMd5 = ContentMd5,
        ContentSha256 = ContentSha256,
        Algorithm = algorithm,
        ComputedOnly = true,
        ContentEncoding = ContentEncoding,
    };

    /// <summary>Bytes copied from a stored object (UploadPartCopy): <paramref name="length"/> of them, with <paramref name="algorithm"/> computed if given.</summary>
    public static UploadBody Copied(long length, ChecksumAlgorithm? algorithm) => new()
    {
        DeclaredLength = length,
        Algorithm = algorithm,
        ComputedOnly = algorithm is not null,
    };

    /// <summary>The request body as the data it carries, verified as it ends (see <see cref="VerifiedBodyStream"/>).</summary>
    public VerifiedBodyStream Open(Stream requestBody)
    {
        if (!Chunked)
        {
            return new VerifiedBodyStream(requestBody, this, trailers: null);
        }

        var decoder = new AwsChunkedStream(requestBody);
        return new VerifiedBodyStream(decoder, this, decoder.Trailers);
    }

    private static S3Error? ReadChecksum(HttpRequest request, bool chunked, out ChecksumAlgorithm? algorithm, out string? headerValue)
    {
        algorithm = null;
        headerValue = null;
        var fromHeaders = request.Headers
            .Where(h => ChecksumAlgorithms.FromHeaderName(h.Key) is not null)
            .Select(h => (Algorithm: ChecksumAlgorithms.FromHeaderName(h.Key)!.Value, Value: h.Value.ToString()))
            .ToList();
        var fromTrailer = request.Headers[S3Headers.Trailer].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(ChecksumAlgorithms.FromHeaderName)
            .Where(a => a is not null)
            .Select(a => a!.Value)
            .ToList();
        if (fromHeaders.Count + fromTrailer.Count > 1)
        {
            return S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }

        if (fromTrailer.Count == 1 && !chunked)
        {
            return S3Errors.InvalidRequest("An x-amz-trailer checksum needs an aws-chunked body (x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER).");
        }

        if (fromHeaders.Count == 1)
        {
            var (named, value) = fromHeaders[0];
            if (!IsDigest(named, value))
            {
                return S3Errors.InvalidRequest($"Value for {named.HeaderName()} header is invalid.");
            }

            (algorithm, headerValue) = (named, value);
        }
        else if (fromTrailer.Count == 1)
        {
            algorithm = fromTrailer[0];
        }

        var sdkAlgorithm = request.Headers[S3Headers.SdkChecksumAlgorithm].ToString();
        if (sdkAlgorithm.Length > 0)
        {
            var declared = ChecksumAlgorithms.FromName(sdkAlgorithm);
            if (declared is null)
            {
                return S3Errors.InvalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }

            if (algorithm is null)
            {
                return S3Errors.InvalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
            }

            if (declared != algorithm)
            {
                return S3Errors.InvalidRequest($"Value for x-amz-sdk-checksum-algorithm header is invalid: it names {declared.Value.Name()}, the checksum sent is {algorithm.Value.Name()}.");
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="value"/> is the base64 of a digest of <paramref name="algorithm"/>'s size.</summary>
    public static bool IsDigest(ChecksumAlgorithm algorithm, string value)
    {
        Span<byte> digest = stackalloc byte[32];
        return Convert.TryFromBase64String(value, digest, out var written) && written == algorithm.Size();
    }
}
