using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kumo.Gateway.Lambda.Errors;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Requests;

/// <summary>Reads a Lambda API request body as JSON, with the errors AWS gives for a body too large or not valid.</summary>
internal static class LambdaJsonBody
{
    /// <summary>The limit for bodies that carry no code.</summary>
    public const long SettingsLimit = 1024 * 1024;

    /// <summary>The limit for bodies that carry a base64 zip of up to 50 MB, as Lambda's.</summary>
    public const long CodeLimit = 70_167_211;

    public static async Task<ParsedBody<T>> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, long limit, string operation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
        if (body is not { } bytes)
        {
            return new(null, LambdaErrors.RequestTooLarge(limit, operation));
        }

        if (bytes.IsEmpty)
        {
            return new(null, LambdaErrors.InvalidRequestContent("The request body is empty; send a JSON object."));
        }

        try
        {
            var value = JsonSerializer.Deserialize(bytes.Span, type);
            return value is null
                ? new(null, LambdaErrors.InvalidRequestContent("The request body is null; send a JSON object."))
                : new(value, null);
        }
        catch (JsonException e)
        {
            return new(null, LambdaErrors.InvalidRequestContent(Describe(e)));
        }
    }

    private static string Describe(JsonException e)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        var where = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? $"Could not parse request body into json ({where}): {reason}"
            : $"Could not parse request body into json: the value of '{field}' is not valid ({where}): {reason}";
    }
}
