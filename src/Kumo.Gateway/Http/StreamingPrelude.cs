using System.Text.Json;

namespace Kumo.Gateway.Http;

/// <summary>
/// The prelude of a streamed answer in <c>application/vnd.awslambda.http-integration-response</c> (what
/// <c>awslambda.HttpResponseStream.from</c> writes): a JSON object <c>{statusCode, headers, cookies}</c>, then 8 NUL
/// bytes, then the body.
/// </summary>
internal sealed record StreamingPrelude(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<string> Cookies)
{
    /// <summary>The content type that says a streamed answer starts with a prelude.</summary>
    public const string ContentType = "application/vnd.awslambda.http-integration-response";

    /// <summary>How many NUL bytes end the prelude.</summary>
    public const int DelimiterLength = 8;

    /// <summary>The longest prelude read before the answer is given up as malformed.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>
    /// Where the prelude ends in <paramref name="bytes"/>: the index of its first NUL delimiter byte; -1 when the
    /// delimiter is not there (yet).
    /// </summary>
    public static int FindDelimiter(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> delimiter = [0, 0, 0, 0, 0, 0, 0, 0];
        return bytes.IndexOf(delimiter);
    }

    /// <summary>Parses the prelude's JSON; the problem in <paramref name="problem"/> when it is not a valid prelude.</summary>
    public static StreamingPrelude? Parse(ReadOnlySpan<byte> json, out string? problem)
    {
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the prelude is not a JSON object";
                return null;
            }

            var status = 200;
            if (root.TryGetProperty("statusCode", out var code))
            {
                if (code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out status) || status is < 100 or > 599)
                {
                    problem = "the prelude's statusCode is not an HTTP status between 100 and 599";
                    return null;
                }
            }

            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headerObject.EnumerateObject())
                {
                    headers.Add(new(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText()));
                }
            }

            var cookies = new List<string>();
            if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind == JsonValueKind.Array)
            {
                cookies.AddRange(cookieArray.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!));
            }

            return new StreamingPrelude(status, headers, cookies);
        }
        catch (JsonException e)
        {
            problem = $"the prelude is not valid JSON: {e.Message}";
            return null;
        }
    }
}
