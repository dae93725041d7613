using System.Globalization;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>
/// ListMultipartUploads (<c>GET /{bucket}?uploads</c>): the uploads in progress by key, then in the order they were
/// started; <c>prefix</c>, <c>delimiter</c>, <c>key-marker</c> with <c>upload-id-marker</c>, <c>max-uploads</c>
/// (at most 1,000) and <c>encoding-type=url</c>.
/// </summary>
internal static class MultipartListUploadsOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        var query = call.Query;
        var encodingType = query["encoding-type"].ToString();
        if (encodingType.Length > 0 && !encodingType.Equals("url", StringComparison.OrdinalIgnoreCase))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType));
            return;
        }

        var maxText = query["max-uploads"].ToString();
        var maxUploads = MultipartCalls.MostPerPage;
        if (maxText.Length > 0 && !int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxUploads))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Argument max-uploads must be an integer between 0 and 2147483647", "max-uploads", maxText));
            return;
        }

        maxUploads = Math.Min(maxUploads, MultipartCalls.MostPerPage);
        if (await call.OwnBucketAsync() is null || await MultipartCalls.StoreAsync(call) is not { } store)
        {
            return;
        }

        var keyMarker = query["key-marker"].ToString();
        // As on S3, the upload id marker counts only with a key marker.
        var uploadIdMarker = keyMarker.Length > 0 ? query["upload-id-marker"].ToString() : "";
        var delimiter = query["delimiter"].ToString();
        var listing = new UploadQuery
        {
            Bucket = call.Bucket,
            Prefix = query["prefix"].ToString(),
            Delimiter = delimiter.Length > 0 ? delimiter : null,
            KeyMarker = keyMarker.Length > 0 ? keyMarker : null,
            UploadIdMarker = uploadIdMarker.Length > 0 ? uploadIdMarker : null,
            MaxUploads = maxUploads,
        };
        var page = maxUploads == 0 ? new UploadPage([], [], false, null, null) : await store.ListUploadsAsync(listing, call.Aborted);
        var encode = encodingType.Length > 0;
        await call.XmlAsync(S3Xml.Document("ListMultipartUploadsResult", writer =>
        {
            writer.Element("Bucket", call.Bucket);
            writer.Element("KeyMarker", S3UrlEncoding.Apply(keyMarker, encode));
            writer.Element("UploadIdMarker", uploadIdMarker);
            writer.Element("NextKeyMarker", S3UrlEncoding.Apply(page.NextKeyMarker ?? "", encode));
            writer.Element("NextUploadIdMarker", page.NextUploadIdMarker ?? "");
            if (listing.Delimiter is { } named)
            {
                writer.Element("Delimiter", S3UrlEncoding.Apply(named, encode));
            }

            writer.Element("Prefix", S3UrlEncoding.Apply(listing.Prefix, encode));
            writer.Element("MaxUploads", maxUploads);
            writer.Element("IsTruncated", page.IsTruncated);
            if (encode)
            {
                writer.Element("EncodingType", "url");
            }

            foreach (var upload in page.Uploads)
            {
                writer.WriteStartElement("Upload");
                writer.Element("Key", S3UrlEncoding.Apply(upload.Key, encode));
                writer.Element("UploadId", upload.UploadId);
                MultipartCalls.WriteInitiatorAndOwner(writer, call.Tenant);
                writer.Element("StorageClass", "STANDARD");
                writer.Element("Initiated", upload.Initiated);
                MultipartCalls.WriteChecksumMode(writer, upload);
                writer.WriteEndElement();
            }

            foreach (var prefix in page.CommonPrefixes)
            {
                writer.WriteStartElement("CommonPrefixes");
                writer.Element("Prefix", S3UrlEncoding.Apply(prefix, encode));
                writer.WriteEndElement();
            }
        }));
    }
}
