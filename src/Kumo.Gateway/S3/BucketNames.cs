using System.Net;

namespace Kumo.Gateway.S3;

/// <summary>S3's rules for a new bucket's name (general purpose buckets), so that a name Kumo takes is one S3 would take.</summary>
internal static class BucketNames
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>Why <paramref name="name"/> cannot name a bucket, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "a bucket name is 3 to 63 characters long";
        }

        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
        {
            return "a bucket name has only lowercase letters, digits, '.' and '-'";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "a bucket name begins and ends with a letter or digit";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "a bucket name has no two adjacent periods";
        }

        if (name.Count(c => c == '.') == 3 && IPAddress.TryParse(name, out _))
        {
            return "a bucket name is not formatted as an IP address";
        }

        if (ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"a bucket name does not start with the reserved prefix '{prefix}'";
        }

        return ReservedSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix
            ? $"a bucket name does not end with the reserved suffix '{suffix}'"
            : null;
    }
}
