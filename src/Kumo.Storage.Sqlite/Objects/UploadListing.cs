using Kumo.Abstractions.Objects;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// One page of ListMultipartUploads over range scans of the uploads, as <see cref="ObjectListing"/> pages objects: keys
/// under a common prefix roll up into it and the scan restarts past the prefix, so uploads hidden under a prefix are
/// never read.
/// </summary>
internal static class UploadListing
{
    public const int MostUploads = 1000;

    /// <param name="query">What to list.</param>
    /// <param name="scan">The uploads in a range, by key then id; read lazily, and abandoned once a page has what it needs.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public static async Task<UploadPage> ReadPageAsync(
        UploadQuery query, Func<UploadRange, CancellationToken, IAsyncEnumerable<MultipartUpload>> scan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.MaxUploads);
        var maxUploads = Math.Min(query.MaxUploads, MostUploads);
        var uploads = new List<MultipartUpload>();
        var commonPrefixes = new List<string>();
        if (maxUploads == 0)
        {
            return new UploadPage(uploads, commonPrefixes, IsTruncated: false, NextKeyMarker: null, NextUploadIdMarker: null);
        }

        var prefix = query.Prefix;
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : query.Delimiter;
        var marker = string.IsNullOrEmpty(query.KeyMarker) ? null : query.KeyMarker;
        var startsAtMarker = marker is not null && ObjectKeys.Compare(marker, prefix) >= 0;
        var idMarker = string.IsNullOrEmpty(query.UploadIdMarker) ? null : query.UploadIdMarker;
        UploadRange? range = startsAtMarker
            ? new UploadRange(marker!, FromInclusive: idMarker is not null, idMarker, ObjectKeys.Successor(prefix))
            : new UploadRange(prefix, FromInclusive: true, AfterUploadId: null, ObjectKeys.Successor(prefix));
        string? lastKey = null;
        string? lastUploadId = null;
        var truncated = false;
        while (range is { } current && !truncated)
        {
            range = null;
            await foreach (var found in scan(current, cancellationToken))
            {
                var rolledUp = delimiter is null ? null : CommonPrefix(found.Key, prefix, delimiter);
                if (rolledUp is null)
                {
                    if (uploads.Count + commonPrefixes.Count == maxUploads)
                    {
                        truncated = true;
                        break;
                    }

                    uploads.Add(found);
                    (lastKey, lastUploadId) = (found.Key, found.UploadId);
                    continue;
                }

                // A key after the marker whose common prefix is not (the marker is inside the prefix) adds nothing new.
                if (marker is null || ObjectKeys.Compare(rolledUp, marker) > 0)
                {
                    if (uploads.Count + commonPrefixes.Count == maxUploads)
                    {
                        truncated = true;
                        break;
                    }

                    commonPrefixes.Add(rolledUp);
                    (lastKey, lastUploadId) = (rolledUp, null);
                }

                range = ObjectKeys.Successor(rolledUp) is { } beyond ? current with { From = beyond, FromInclusive = true, AfterUploadId = null } : null;
                break;
            }
        }

        return new UploadPage(uploads, commonPrefixes, truncated, truncated ? lastKey : null, truncated ? lastUploadId : null);
    }

    private static string? CommonPrefix(string key, string prefix, string delimiter)
    {
        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }
}
