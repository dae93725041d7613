using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.S3;

/// <summary>
/// Multipart upload is not in Kumo yet: its operations (CreateMultipartUpload <c>POST ?uploads</c>, UploadPart and
/// UploadPartCopy <c>PUT ?partNumber&amp;uploadId</c>, CompleteMultipartUpload <c>POST ?uploadId</c>,
/// AbortMultipartUpload <c>DELETE ?uploadId</c>, ListParts <c>GET ?uploadId</c>) are 501 with a message that says how
/// to make the aws CLI upload in one PUT. ListMultipartUploads (<c>GET /{bucket}?uploads</c>) is answered truthfully:
/// there are none.
/// </summary>
internal static class MultipartRefusal
{
    public const string Message =
        "Multipart upload is not supported by Kumo yet; a single PUT takes up to 5 GB. The aws CLI switches to multipart " +
        "above 8 MB: run 'aws configure set default.s3.multipart_threshold 5GB' (and, when uploading from stdin, pass " +
        "--expected-size) to upload in one PUT. SDK transfer managers have the same setting (boto3: TransferConfig(multipart_threshold=…)).";

    /// <summary>Whether the request is a multipart operation that Kumo refuses.</summary>
    public static bool Applies(HttpRequest request, string key) =>
        request.Query.ContainsKey("uploadId") || (key.Length > 0 && request.Query.ContainsKey("uploads"));

    public static S3Error Error() => S3Errors.NotImplemented(Message);

    /// <summary>ListMultipartUploads: an empty list, since Kumo has no unfinished uploads.</summary>
    public static async Task ListUploadsAsync(S3Call call)
    {
        if (await call.OwnBucketAsync() is null)
        {
            return;
        }

        var query = call.Query;
        await call.XmlAsync(S3Xml.Document("ListMultipartUploadsResult", writer =>
        {
            writer.Element("Bucket", call.Bucket);
            writer.Element("KeyMarker", query["key-marker"].ToString());
            writer.Element("UploadIdMarker", query["upload-id-marker"].ToString());
            writer.Element("Prefix", query["prefix"].ToString());
            writer.Element("MaxUploads", 1000);
            writer.Element("IsTruncated", false);
        }));
    }
}
