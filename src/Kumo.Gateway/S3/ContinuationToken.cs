using System.Text;

namespace Kumo.Gateway.S3;

/// <summary>The opaque continuation tokens of listings: the base64 of the UTF-8 of where the next page starts after (a key or a name).</summary>
internal static class ContinuationToken
{
    public static string Encode(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes(after));

    /// <summary>Where a token says to go on after; false for a token Kumo did not make.</summary>
    public static bool TryDecode(string token, out string after)
    {
        after = "";
        var bytes = new byte[(token.Length * 3 / 4) + 3];
        if (token.Length == 0 || !Convert.TryFromBase64String(token, bytes, out var written))
        {
            return false;
        }

        try
        {
            after = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
            return after.Length > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
