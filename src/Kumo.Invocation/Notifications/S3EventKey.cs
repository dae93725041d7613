using System.Text;

namespace Kumo.Invocation.Notifications;

/// <summary>
/// An object key as S3 writes it in an event record: form-encoded (a space is <c>+</c>, other bytes outside letters,
/// digits and <c>-_.*/</c> are <c>%XX</c> of their UTF-8), which is why handlers decode it with
/// <c>urllib.parse.unquote_plus</c> or <c>decodeURIComponent(key.replace(/\+/g, ' '))</c>.
/// </summary>
internal static class S3EventKey
{
    public static string Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var encoded = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/')
            {
                encoded.Append(c);
            }
            else if (c == ' ')
            {
                encoded.Append('+');
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
