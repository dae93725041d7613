namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// What a response header may hold: a name that is an RFC 9110 token, and a value of visible ASCII, spaces and tabs.
/// Kestrel refuses anything else (control characters could split the response; non-ASCII it will not encode).
/// </summary>
internal static class HeaderSyntax
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>True when the name is a token.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal));

    /// <summary>True when every character of the value is visible ASCII, a space or a tab.</summary>
    public static bool IsValidValue(string value) => value.All(c => c == '\t' || c is >= ' ' and <= '~');

    /// <summary>The text with every character a log line should not carry replaced by <c>?</c>, cut at 100 characters.</summary>
    public static string Printable(string text)
    {
        var cut = text.Length > 100 ? text[..100] + "…" : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' or '…' ? source[i] : '?';
            }
        });
    }
}
