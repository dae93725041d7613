using System.Globalization;
using Kumo.Abstractions.Storage;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>The S3 errors Kumo answers with, with S3's codes, statuses and (where S3 has them) its messages.</summary>
internal static class S3Errors
{
    /// <summary>The largest object a single PUT may store, and the largest part of a multipart upload: 5 GiB.</summary>
    public const long MaxSinglePutSize = 5L * 1024 * 1024 * 1024;

    /// <summary>The longest key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    public static S3Error NoSuchBucket(string bucket) =>
        new S3Error(StatusCodes.Status404NotFound, "NoSuchBucket", "The specified bucket does not exist").With("BucketName", bucket);

    public static S3Error NoSuchKey(string key) =>
        new S3Error(StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.").With("Key", key);

    public static S3Error BucketAlreadyOwnedByYou(string bucket) =>
        new S3Error(StatusCodes.Status409Conflict, "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.").With("BucketName", bucket);

    public static S3Error BucketAlreadyExists(string bucket) =>
        new S3Error(StatusCodes.Status409Conflict, "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. " +
            "Please select a different name and try again.").With("BucketName", bucket);

    public static S3Error BucketNotEmpty(string bucket) =>
        new S3Error(StatusCodes.Status409Conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty").With("BucketName", bucket);

    public static S3Error InvalidBucketName(string bucket, string why) =>
        new S3Error(StatusCodes.Status400BadRequest, "InvalidBucketName", $"The specified bucket is not valid: {why}.").With("BucketName", bucket);

    public static S3Error KeyTooLong(int size) =>
        new S3Error(StatusCodes.Status400BadRequest, "KeyTooLongError", "Your key is too long")
            .With("MaxSizeAllowed", MaxKeyBytes.ToString(CultureInfo.InvariantCulture)).With("Size", size.ToString(CultureInfo.InvariantCulture));

    public static S3Error EntityTooLarge(long proposed) =>
        new S3Error(StatusCodes.Status400BadRequest, "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size (5 GiB for a single PUT or a part; send a larger object as a multipart upload)")
            .With("ProposedSize", proposed.ToString(CultureInfo.InvariantCulture))
            .With("MaxSizeAllowed", MaxSinglePutSize.ToString(CultureInfo.InvariantCulture));

    public static S3Error InvalidRange(string range, long size) =>
        new S3Error(StatusCodes.Status416RangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
        {
            Headers = [new("Content-Range", $"bytes */{size.ToString(CultureInfo.InvariantCulture)}")],
        }.With("RangeRequested", range).With("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture));

    public static S3Error PreconditionFailed(string condition) =>
        new S3Error(StatusCodes.Status412PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
            .With("Condition", condition);

    public static S3Error BadDigest(string what) =>
        new(StatusCodes.Status400BadRequest, "BadDigest", $"The {what} you specified did not match the calculated checksum.");

    public static S3Error InvalidDigest() =>
        new(StatusCodes.Status400BadRequest, "InvalidDigest", "The Content-MD5 you specified was not valid.");

    public static S3Error ContentSha256Mismatch() =>
        new(StatusCodes.Status400BadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");

    public static S3Error IncompleteBody(string message) => new(StatusCodes.Status400BadRequest, "IncompleteBody", message);

    public static S3Error InvalidArgument(string message, string? name = null, string? value = null) =>
        name is null
            ? new(StatusCodes.Status400BadRequest, "InvalidArgument", message)
            : new S3Error(StatusCodes.Status400BadRequest, "InvalidArgument", message).With("ArgumentName", name).With("ArgumentValue", value ?? "");

    public static S3Error InvalidRequest(string message) => new(StatusCodes.Status400BadRequest, "InvalidRequest", message);

    public static S3Error MalformedXml() =>
        new(StatusCodes.Status400BadRequest, "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema");

    /// <summary>A request document larger than Kumo reads for it (<paramref name="limit"/> bytes): S3's words, then Kumo's limit.</summary>
    public static S3Error MaxMessageLengthExceeded(long limit) =>
        new(StatusCodes.Status400BadRequest, "MaxMessageLengthExceeded",
            string.Create(CultureInfo.InvariantCulture, $"Your request was too big. Kumo reads at most {limit / 1024} KiB ({limit} bytes) of this request's document."));

    public static S3Error MetadataTooLarge(int size) =>
        new S3Error(StatusCodes.Status400BadRequest, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size")
            .With("Size", size.ToString(CultureInfo.InvariantCulture)).With("MaxSizeAllowed", "2048");

    public static S3Error MethodNotAllowed(string method, string resourceType) =>
        new S3Error(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
            .With("Method", method).With("ResourceType", resourceType);

    public static S3Error NotImplemented(string message) => new(StatusCodes.Status501NotImplemented, "NotImplemented", message);

    public static S3Error AccessDenied(string message) => new(StatusCodes.Status403Forbidden, "AccessDenied", message);

    public static S3Error AccessControlListNotSupported() =>
        new(StatusCodes.Status400BadRequest, "AccessControlListNotSupported",
            "The bucket does not allow ACLs: Kumo's buckets are owner-only (as S3's with Object Ownership 'bucket owner enforced').");

    public static S3Error AuthorizationQueryParametersError(string message) =>
        new(StatusCodes.Status400BadRequest, "AuthorizationQueryParametersError", message);

    public static S3Error ServiceUnavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", message) { Headers = [new("Retry-After", "1")] };

    public static S3Error InternalError() =>
        new(StatusCodes.Status500InternalServerError, "InternalError", "We encountered an internal error. Please try again.");

    /// <summary>InternalError for a store that could not do what was asked, with the store's reason: what to do is often in it.</summary>
    public static S3Error InternalError(StorageException failure) =>
        InternalError() with { Message = $"We encountered an internal error. Please try again. Kumo's object store says: {failure.Message}" };
}
