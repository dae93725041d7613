using System.Text;

namespace Kumo.Gateway.S3;

/// <summary>
/// The <c>encoding-type=url</c> of listings: every byte of a key's UTF-8 but the unreserved characters and '/' is
/// percent-encoded. A space becomes <c>%20</c>, not S3's '+', so that both form decoders (boto3's
/// <c>unquote_plus</c>) and plain URL decoders (JavaScript's <c>decodeURIComponent</c>) read every key back
/// exactly; a literal '+' is <c>%2B</c> either way.
/// </summary>
internal static class S3UrlEncoding
{
    /// <summary><paramref name="value"/> encoded when <paramref name="encode"/>, else as it is.</summary>
    public static string Apply(string value, bool encode) => encode ? Encode(value) : value;

    /// <summary>Percent-encodes all but <c>A–Z a–z 0–9 - _ . ~ /</c>.</summary>
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' or (byte)'/')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
