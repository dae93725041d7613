using System.Globalization;

namespace Kumo.Gateway.S3;

/// <summary>UploadPartCopy's <c>x-amz-copy-source-range: bytes=first-last</c>: the bytes of the source to copy, both ends included.</summary>
internal static class CopySourceRange
{
    /// <summary>The range's first and last byte; false when the header is not of that form.</summary>
    public static bool TryParse(string header, out long first, out long last)
    {
        first = last = 0;
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header[Unit.Length..];
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && first <= last;
    }
}
