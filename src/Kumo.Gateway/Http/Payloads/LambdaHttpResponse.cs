using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kumo.Gateway.Http.Payloads;

/// <summary>
/// Maps what a function returned to the HTTP response API Gateway and Lambda function URLs answer with.
/// </summary>
/// <remarks>
/// A response object is <c>{ statusCode, headers, multiValueHeaders, cookies (2.0 only), body, isBase64Encoded }</c>:
/// <c>statusCode</c> a whole number (or a string of one) from 100 to 599; header values strings, numbers or booleans;
/// a name in both <c>headers</c> and <c>multiValueHeaders</c> takes the values of <c>multiValueHeaders</c>; each
/// cookie becomes a <c>Set-Cookie</c> header; <c>body</c> a string, decoded from base64 when
/// <c>isBase64Encoded</c> is true. No <c>Content-Type</c> is added to a response object that sets none. Fields
/// neither format knows are ignored.
/// </remarks>
internal static class LambdaHttpResponse
{
    private const string ContentType = "Content-Type";

    /// <summary>
    /// Maps a result of a payload format 2.0 integration (HTTP APIs and function URLs). A JSON object with a
    /// <c>statusCode</c> is a response object; any other JSON (an object without <c>statusCode</c>, an array, a
    /// string, a number, <c>true</c>, <c>false</c> or <c>null</c>) is answered with 200, <c>Content-Type:
    /// application/json</c> and the result's bytes as they are, so a bare string keeps its quotes, as Lambda's
    /// function URL documentation shows. A result that is not JSON is invalid.
    /// </summary>
    public static MappedHttpResponse FromV2(ReadOnlyMemory<byte> payload)
    {
        using var document = Parse(payload, out var problem);
        if (document is null)
        {
            return MappedHttpResponse.Invalid(problem!);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _))
        {
            return new() { StatusCode = 200, Headers = [new(ContentType, "application/json")], Body = payload };
        }

        return FromResponseObject(root, withCookies: true);
    }

    /// <summary>
    /// Maps a result of a payload format 1.0 integration (REST API Lambda proxy): it must be a response object, with a
    /// <c>statusCode</c>; anything else is invalid, as API Gateway answers it with 502.
    /// </summary>
    public static MappedHttpResponse FromV1(ReadOnlyMemory<byte> payload)
    {
        using var document = Parse(payload, out var problem);
        if (document is null)
        {
            return MappedHttpResponse.Invalid(problem!);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return MappedHttpResponse.Invalid($"the function's response is {Describe(root.ValueKind)}, not an object with a statusCode");
        }

        return root.TryGetProperty("statusCode", out _)
            ? FromResponseObject(root, withCookies: false)
            : MappedHttpResponse.Invalid("the function's response has no statusCode");
    }

    private static JsonDocument? Parse(ReadOnlyMemory<byte> payload, out string? problem)
    {
        try
        {
            problem = null;
            return JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            problem = $"the function's response is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
            return null;
        }
    }

    private static MappedHttpResponse FromResponseObject(JsonElement root, bool withCookies)
    {
        var problems = new List<string>();
        var statusCode = ReadStatusCode(root.GetProperty("statusCode"), problems);
        var headers = ReadHeaders(root, problems);
        if (withCookies)
        {
            ReadCookies(root, headers, problems);
        }

        var body = ReadBody(root, problems);
        foreach (var (name, value) in headers)
        {
            if (!HeaderSyntax.IsValidName(name))
            {
                problems.Add($"the function's response has a header named '{HeaderSyntax.Printable(name)}', which is not a valid header name");
            }
            else if (!HeaderSyntax.IsValidValue(value))
            {
                problems.Add($"the function's response has a value of header '{name}' with a control or non-ASCII character");
            }
        }

        return problems.Count > 0
            ? MappedHttpResponse.Invalid(string.Join("; ", problems.Distinct()))
            : new() { StatusCode = statusCode, Headers = headers, Body = body };
    }

    private static int ReadStatusCode(JsonElement value, List<string> problems)
    {
        int statusCode;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            statusCode = number;
        }
        else if (value.ValueKind == JsonValueKind.String
            && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            statusCode = parsed;
        }
        else
        {
            problems.Add($"the function's response has a statusCode that is not a whole number: {HeaderSyntax.Printable(value.GetRawText())}");
            return 0;
        }

        if (statusCode is < 100 or > 599)
        {
            problems.Add($"the function's response has statusCode {statusCode}, outside 100–599");
        }

        return statusCode;
    }

    /// <summary>The headers of <c>headers</c> and <c>multiValueHeaders</c>, those of <c>multiValueHeaders</c> winning a name both have.</summary>
    private static List<KeyValuePair<string, string>> ReadHeaders(JsonElement root, List<string> problems)
    {
        var multiValued = new List<KeyValuePair<string, string>>();
        var multiValuedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (Field(root, "multiValueHeaders", JsonValueKind.Object, problems) is { } multiValueHeaders)
        {
            foreach (var header in multiValueHeaders.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                multiValuedNames.Add(header.Name);
                if (header.Value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"the function's response has multiValueHeaders '{HeaderSyntax.Printable(header.Name)}' that is not an array");
                    continue;
                }

                foreach (var item in header.Value.EnumerateArray())
                {
                    if (Text(item, header.Name, problems) is { } text)
                    {
                        multiValued.Add(new(header.Name, text));
                    }
                }
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (Field(root, "headers", JsonValueKind.Object, problems) is { } singleValueHeaders)
        {
            foreach (var header in singleValueHeaders.EnumerateObject())
            {
                if (!multiValuedNames.Contains(header.Name) && Text(header.Value, header.Name, problems) is { } text)
                {
                    headers.Add(new(header.Name, text));
                }
            }
        }

        headers.AddRange(multiValued);
        return headers;
    }

    private static void ReadCookies(JsonElement root, List<KeyValuePair<string, string>> headers, List<string> problems)
    {
        if (Field(root, "cookies", JsonValueKind.Array, problems) is { } cookies)
        {
            foreach (var cookie in cookies.EnumerateArray())
            {
                if (cookie.ValueKind == JsonValueKind.String)
                {
                    headers.Add(new("Set-Cookie", cookie.GetString()!));
                }
                else if (cookie.ValueKind != JsonValueKind.Null)
                {
                    problems.Add("the function's response has a cookie that is not a string");
                }
            }
        }
    }

    private static ReadOnlyMemory<byte> ReadBody(JsonElement root, List<string> problems)
    {
        var isBase64Encoded = false;
        if (root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isBase64Encoded = flag.GetBoolean();
            }
            else
            {
                problems.Add("the function's response has an isBase64Encoded that is not true or false");
            }
        }

        if (Field(root, "body", JsonValueKind.String, problems) is not { } body)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var text = body.GetString()!;
        if (!isBase64Encoded)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var bytes = new byte[(text.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            problems.Add("the function's response has isBase64Encoded true and a body that is not base64");
            return ReadOnlyMemory<byte>.Empty;
        }

        return bytes.AsMemory(0, written);
    }

    /// <summary>The field when present and of the kind; null when absent or null, and a problem when of another kind.</summary>
    private static JsonElement? Field(JsonElement root, string name, JsonValueKind kind, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != kind)
        {
            problems.Add($"in the function's response, {name} is {Describe(value.ValueKind)}, not {Describe(kind)}");
            return null;
        }

        return value;
    }

    /// <summary>A header value as text: a string as it is, a number or boolean as written; null for JSON null.</summary>
    private static string? Text(JsonElement value, string headerName, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return value.GetRawText();
            case JsonValueKind.Null:
                return null;
            default:
                problems.Add($"the function's response has a value of header '{HeaderSyntax.Printable(headerName)}' that is not a string, number or boolean");
                return null;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
