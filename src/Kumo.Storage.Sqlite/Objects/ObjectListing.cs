using Kumo.Abstractions.Objects;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// One page of ListObjects over range scans of the keys. Keys under a common prefix roll up into it, and the scan then
/// restarts past the prefix (at <see cref="ObjectKeys.Successor"/>) instead of reading the keys it hides, so a page
/// costs one index seek per common prefix plus the keys it returns, however many keys the prefixes hold.
/// </summary>
internal static class ObjectListing
{
    public const int MostKeys = 1000;

    /// <param name="query">What to list.</param>
    /// <param name="scan">The keys in a range, in UTF-8 byte order; read lazily, and abandoned once a page has what it needs.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    public static async Task<ObjectPage> ReadPageAsync(
        ObjectQuery query, Func<KeyRange, CancellationToken, IAsyncEnumerable<ObjectInfo>> scan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.MaxKeys);
        var maxKeys = Math.Min(query.MaxKeys, MostKeys);
        var objects = new List<ObjectInfo>();
        var commonPrefixes = new List<string>();
        if (maxKeys == 0)
        {
            return new ObjectPage(objects, commonPrefixes, IsTruncated: false, NextAfter: null);
        }

        var prefix = query.Prefix;
        var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : query.Delimiter;
        var after = query.After;
        var startsAfter = after is not null && ObjectKeys.Compare(after, prefix) >= 0;
        KeyRange? range = new(startsAfter ? after! : prefix, !startsAfter, ObjectKeys.Successor(prefix));
        string? last = null;
        var truncated = false;
        while (range is { } current && !truncated)
        {
            range = null;
            await foreach (var found in scan(current, cancellationToken))
            {
                var rolledUp = delimiter is null ? null : CommonPrefix(found.Key, prefix, delimiter);
                if (rolledUp is null)
                {
                    if (objects.Count + commonPrefixes.Count == maxKeys)
                    {
                        truncated = true;
                        break;
                    }

                    objects.Add(found);
                    last = found.Key;
                    continue;
                }

                // A key after `after` whose common prefix is not (after is inside the prefix) adds nothing new.
                if (after is null || ObjectKeys.Compare(rolledUp, after) > 0)
                {
                    if (objects.Count + commonPrefixes.Count == maxKeys)
                    {
                        truncated = true;
                        break;
                    }

                    commonPrefixes.Add(rolledUp);
                    last = rolledUp;
                }

                range = ObjectKeys.Successor(rolledUp) is { } beyond ? current with { From = beyond, FromInclusive = true } : null;
                break;
            }
        }

        return new ObjectPage(objects, commonPrefixes, truncated, truncated ? last : null);
    }

    private static string? CommonPrefix(string key, string prefix, string delimiter)
    {
        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }
}
