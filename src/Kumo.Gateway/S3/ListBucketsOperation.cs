using System.Globalization;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>ListBuckets (<c>GET /</c>): the tenant's buckets, with the optional <c>prefix</c>, <c>bucket-region</c>, <c>max-buckets</c> and <c>continuation-token</c>.</summary>
internal static class ListBucketsOperation
{
    private const int MostBuckets = 10_000;

    public static async Task ServeAsync(S3Call call)
    {
        var query = call.Query;
        var prefix = query["prefix"].ToString();
        var region = query["bucket-region"].ToString();
        var maxBuckets = MostBuckets;
        var maxText = query["max-buckets"].ToString();
        if (maxText.Length > 0 && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxBuckets) || maxBuckets is < 1 or > MostBuckets))
        {
            await call.ErrorAsync(S3Errors.InvalidArgument("Argument max-buckets must be an integer between 1 and 10000.", "max-buckets", maxText));
            return;
        }

        string? after = null;
        var token = query["continuation-token"].ToString();
        if (token.Length > 0)
        {
            if (!ContinuationToken.TryDecode(token, out var decoded))
            {
                await call.ErrorAsync(S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token));
                return;
            }

            after = decoded;
        }

        var buckets = (await call.Store.ListBucketsAsync(call.Tenant, call.Aborted))
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(b => region.Length == 0 || b.Region == region)
            .Where(b => after is null || string.CompareOrdinal(b.Name, after) > 0)
            .ToList();
        var page = buckets.Take(maxBuckets).ToList();
        var truncated = buckets.Count > page.Count;
        await call.XmlAsync(S3Xml.Document("ListAllMyBucketsResult", writer =>
        {
            S3Owner.Write(writer, call.Tenant);
            writer.WriteStartElement("Buckets");
            foreach (var bucket in page)
            {
                WriteBucket(writer, bucket);
            }

            writer.WriteEndElement();
            if (truncated)
            {
                writer.Element("ContinuationToken", ContinuationToken.Encode(page[^1].Name));
            }

            if (prefix.Length > 0)
            {
                writer.Element("Prefix", prefix);
            }
        }));
    }

    private static void WriteBucket(System.Xml.XmlWriter writer, BucketInfo bucket)
    {
        writer.WriteStartElement("Bucket");
        writer.Element("Name", bucket.Name);
        writer.Element("CreationDate", bucket.CreatedAt);
        writer.Element("BucketRegion", bucket.Region);
        writer.WriteEndElement();
    }
}
