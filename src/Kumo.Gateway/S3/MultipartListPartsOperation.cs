using System.Globalization;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>ListParts (<c>GET /{bucket}/{key}?uploadId=ID</c>): the upload's parts by number, <c>max-parts</c> (at most 1,000) at a time after <c>part-number-marker</c>.</summary>
internal static class MultipartListPartsOperation
{
    public static async Task ServeAsync(S3Call call)
    {
        if (call.KeyProblem() is { } keyProblem)
        {
            await call.ErrorAsync(keyProblem);
            return;
        }

        var query = call.Query;
        var maxText = query["max-parts"].ToString();
        var maxParts = MultipartCalls.MostPerPage;
        if (maxText.Length > 0 && !int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxParts))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Provided max-parts not an integer or within integer range", "max-parts", maxText));
            return;
        }

        var markerText = query["part-number-marker"].ToString();
        var marker = 0;
        if (markerText.Length > 0 && !int.TryParse(markerText, NumberStyles.None, CultureInfo.InvariantCulture, out marker))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument(
                "Argument part-number-marker must be an integer between 0 and 2147483647", "part-number-marker", markerText));
            return;
        }

        maxParts = Math.Min(maxParts, MultipartCalls.MostPerPage);
        if (await MultipartCalls.StoreAsync(call) is not { } store || await MultipartCalls.UploadAsync(call, store) is not { } upload)
        {
            return;
        }

        var page = maxParts == 0 || marker >= MultipartCalls.MostParts
            ? new PartPage([], IsTruncated: false)
            : await store.ListPartsAsync(upload.UploadId, marker, maxParts, call.Aborted);
        await call.XmlAsync(S3Xml.Document("ListPartsResult", writer =>
        {
            writer.Element("Bucket", call.Bucket);
            writer.Element("Key", call.Key);
            writer.Element("UploadId", upload.UploadId);
            writer.Element("PartNumberMarker", marker);
            writer.Element("NextPartNumberMarker", page.Parts.Count > 0 ? page.Parts[^1].PartNumber : marker);
            writer.Element("MaxParts", maxParts);
            writer.Element("IsTruncated", page.IsTruncated);
            foreach (var part in page.Parts)
            {
                writer.WriteStartElement("Part");
                writer.Element("PartNumber", part.PartNumber);
                writer.Element("LastModified", part.LastModified);
                writer.Element("ETag", part.ETag);
                writer.Element("Size", part.Size);
                MultipartCalls.WriteChecksums(writer, part.Checksums);
                writer.WriteEndElement();
            }

            MultipartCalls.WriteInitiatorAndOwner(writer, call.Tenant);
            writer.Element("StorageClass", "STANDARD");
            MultipartCalls.WriteChecksumMode(writer, upload);
        }));
    }
}
