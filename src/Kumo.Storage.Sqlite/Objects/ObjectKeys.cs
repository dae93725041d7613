using System.Text;

namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// Object keys as S3 orders them: by their UTF-8 bytes, which is the order of their code points and the order SQLite's
/// BINARY collation gives the <c>objects.key</c> column. .NET's ordinal comparison orders UTF-16 code units instead,
/// which differs for characters above U+FFFF, so code that compares keys uses <see cref="Compare"/>.
/// </summary>
internal static class ObjectKeys
{
    /// <summary>Compares two keys in UTF-8 byte order.</summary>
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Weight(a[i]) - Weight(b[i]);
            }
        }

        return a.Length - b.Length;
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>, or null when there is
    /// none (the prefix is empty or all U+10FFFF): the exclusive upper bound of a range scan over the prefix.
    /// </summary>
    public static string? Successor(string prefix)
    {
        var end = prefix.Length;
        while (end > 0)
        {
            _ = Rune.DecodeLastFromUtf16(prefix.AsSpan(0, end), out var last, out var width);
            if (last.Value < 0x10FFFF)
            {
                var next = last.Value + 1;
                if (next == 0xD800)
                {
                    next = 0xE000;
                }

                return string.Concat(prefix.AsSpan(0, end - width), new Rune(next).ToString());
            }

            end -= width;
        }

        return null;
    }

    /// <summary>Whether the key is text that UTF-8 can hold unchanged: not empty and with no unpaired surrogate.</summary>
    public static bool IsWellFormed(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var rest = key.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var width) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            rest = rest[width..];
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> <see cref="IsWellFormed"/>.</summary>
    public static void RequireWellFormed(string key)
    {
        if (!IsWellFormed(key))
        {
            throw new ArgumentException("An object key is UTF-8 text of at least one character; this one is empty or has an unpaired surrogate.", nameof(key));
        }
    }

    // UTF-16 puts surrogates (U+D800–U+DFFF, the halves of code points above U+FFFF) below U+E000–U+FFFF; code point
    // order, and so UTF-8 order, puts them above. At the first differing code unit of two well-formed strings this
    // mapping gives code point order.
    private static int Weight(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
