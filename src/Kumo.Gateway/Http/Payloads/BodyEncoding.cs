using System.Text.Unicode;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// Whether a request body goes to the function as text or as base64. It goes as text when its bytes are valid
/// UTF-8 and its <c>Content-Type</c> (parameters such as <c>charset</c> ignored) is <c>text/*</c>,
/// <c>application/json</c>, <c>application/xml</c>, <c>application/javascript</c>,
/// <c>application/x-www-form-urlencoded</c>, any <c>+json</c> or <c>+xml</c> type, or absent; otherwise it goes as
/// base64 with <c>isBase64Encoded</c> true.
/// </summary>
internal static class BodyEncoding
{
    private static readonly string[] TextTypes =
    [
        "application/json",
        "application/xml",
        "application/javascript",
        "application/x-www-form-urlencoded",
    ];

    /// <summary>True when the body goes as text, false when as base64.</summary>
    public static bool IsText(string? contentType, ReadOnlySpan<byte> body) =>
        IsTextType(contentType) && Utf8.IsValid(body);

    /// <summary>True for an absent content type and for the types whose bodies are text.</summary>
    public static bool IsTextType(string? contentType)
    {
        if (contentType is null)
        {
            return true;
        }

        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (end >= 0 ? contentType[..end] : contentType).Trim();
        if (mediaType.Length == 0)
        {
            return true;
        }

        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || Array.Exists(TextTypes, type => mediaType.Equals(type, StringComparison.OrdinalIgnoreCase));
    }
}
