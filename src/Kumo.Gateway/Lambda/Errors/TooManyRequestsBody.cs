using System.Text.Json.Serialization;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>The body of a <c>TooManyRequestsException</c>; AWS spells <c>message</c> and <c>retryAfterSeconds</c> in camel case.</summary>
internal sealed record TooManyRequestsBody(
    string Type,
    [property: JsonPropertyName("message")] string Message,
    string Reason,
    [property: JsonPropertyName("retryAfterSeconds")] string RetryAfterSeconds);
