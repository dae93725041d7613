using System.Text;

namespace Kumo.Gateway.S3;

/// <summary>
/// RFC 2047 encoded words, which S3 uses for header values that are not printable ASCII: it decodes
/// <c>=?UTF-8?B?…?=</c> (and <c>?Q?</c>) in metadata it is given, and encodes such values when it sends them back,
/// since an HTTP header cannot carry them as they are.
/// </summary>
internal static class MimeWords
{
    private const string Start = "=?UTF-8?";
    private const string End = "?=";

    /// <summary><paramref name="value"/> as a header can carry it: as it is when printable ASCII, else <c>=?UTF-8?B?{base64}?=</c>.</summary>
    public static string Encode(string value) =>
        value.All(c => c is '\t' or (>= ' ' and <= '~'))
            ? value
            : Start + "B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + End;

    /// <summary>The text of a value that is one UTF-8 encoded word; any other value as it is.</summary>
    public static string Decode(string value)
    {
        if (value.Length < Start.Length + 4 || !value.StartsWith(Start, StringComparison.OrdinalIgnoreCase) || !value.EndsWith(End, StringComparison.Ordinal))
        {
            return value;
        }

        var encoding = char.ToUpperInvariant(value[Start.Length]);
        if (value[Start.Length + 1] != '?')
        {
            return value;
        }

        var text = value[(Start.Length + 2)..^End.Length];
        try
        {
            return encoding switch
            {
                'B' => Encoding.UTF8.GetString(Convert.FromBase64String(text)),
                'Q' => DecodeQ(text) ?? value,
                _ => value,
            };
        }
        catch (FormatException)
        {
            return value;
        }
    }

    private static string? DecodeQ(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
