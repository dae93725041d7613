using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>The errors of multipart uploads, with S3's codes, statuses, messages and detail elements.</summary>
internal static class MultipartErrors
{
    /// <summary>The smallest part but the last: 5 MiB.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    /// <summary>The largest object a multipart upload makes: 5 TiB.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024 * 1024;

    public static S3Error NoSuchUpload(string uploadId) =>
        new S3Error(StatusCodes.Status404NotFound, "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").With("UploadId", uploadId);

    public static S3Error InvalidPart(string uploadId, int partNumber, string etag) =>
        new S3Error(StatusCodes.Status400BadRequest, "InvalidPart",
                "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
            .With("UploadId", uploadId).With("PartNumber", Number(partNumber)).With("ETag", etag);

    /// <summary>
    /// The list names a part with a checksum that is not the one the part was uploaded with (<paramref name="kept"/>,
    /// null for none of that algorithm): S3's InvalidPart, with Kumo's words on which part and what differs.
    /// </summary>
    public static S3Error InvalidPartChecksum(string uploadId, int partNumber, string etag, string algorithm, string given, string? kept)
    {
        var element = "Checksum" + algorithm;
        var stored = kept is null ? $"was uploaded without a {algorithm} checksum" : $"was uploaded with {element} {kept}";
        var error = InvalidPart(uploadId, partNumber, etag);
        return error with { Message = $"{error.Message} Part {Number(partNumber)} is listed with {element} {given}, but it {stored}." };
    }

    public static S3Error InvalidPartOrder(string uploadId) =>
        new S3Error(StatusCodes.Status400BadRequest, "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be ordered by part number.").With("UploadId", uploadId);

    public static S3Error InvalidPartOrderWithChecksums(string uploadId) =>
        new S3Error(StatusCodes.Status400BadRequest, "InvalidPartOrder",
            "The parts of an upload with a checksum must be numbered from 1 with no gaps.").With("UploadId", uploadId);

    public static S3Error EntityTooSmall(string uploadId, int partNumber, long size, string etag) =>
        new S3Error(StatusCodes.Status400BadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.")
            .With("UploadId", uploadId)
            .With("ProposedSize", Number(size))
            .With("MinSizeAllowed", Number(MinPartSize))
            .With("PartNumber", Number(partNumber))
            .With("ETag", etag);

    public static S3Error ObjectTooLarge(long size) =>
        new S3Error(StatusCodes.Status400BadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size (5 TiB).")
            .With("ProposedSize", Number(size)).With("MaxSizeAllowed", Number(MaxObjectSize));

    public static S3Error InvalidPartNumber(string given) =>
        S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", given);

    /// <summary>A part's checksum is not of the upload's algorithm (<c>null</c> for none), as S3 words it.</summary>
    public static S3Error ChecksumTypeMismatch(string? expected, string? actual) =>
        S3Errors.InvalidRequest(
            $"Checksum Type mismatch occurred, expected checksum Type: {expected?.ToLowerInvariant() ?? "null"}, actual checksum Type: {actual?.ToLowerInvariant() ?? "null"}");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
