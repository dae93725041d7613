using System.Globalization;

namespace Kumo.Gateway.S3;

/// <summary>
/// The one byte range of a GET, as S3 serves it: <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. A header that
/// is not one such range (another unit, several ranges, <c>b &lt; a</c>) is ignored and the whole object served, as
/// RFC 9110 says and S3 does; a well-formed range that starts past the end is unsatisfiable (416).
/// </summary>
/// <param name="Start">The first byte.</param>
/// <param name="Length">How many bytes.</param>
internal readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>The marker of a range that no byte of the object satisfies.</summary>
    public static readonly ByteRange Unsatisfiable = new(-1, 0);

    /// <summary>The last byte.</summary>
    public long End => Start + Length - 1;

    /// <summary>The <c>Content-Range</c> header of a 206.</summary>
    public string ContentRange(long size) => string.Create(CultureInfo.InvariantCulture, $"bytes {Start}-{End}/{size}");

    /// <summary>Reads <paramref name="header"/> against an object of <paramref name="size"/> bytes.</summary>
    /// <returns>The range; null to serve the whole object; <see cref="Unsatisfiable"/> for a 416.</returns>
    public static ByteRange? Parse(string header, long size)
    {
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = header[Unit.Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // The last n bytes.
            if (!TryNumber(last, out var suffix))
            {
                return null;
            }

            return suffix == 0 || size == 0 ? Unsatisfiable : new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size));
        }

        if (!TryNumber(first, out var start))
        {
            return null;
        }

        var end = long.MaxValue;
        if (last.Length > 0 && !TryNumber(last, out end))
        {
            return null;
        }

        if (end < start)
        {
            return null;
        }

        return start >= size ? Unsatisfiable : new ByteRange(start, Math.Min(end, size - 1) - start + 1);
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
