using System.Net;
using System.Text.Json;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>Checks of Lambda API answers as AWS SDKs read them.</summary>
internal static class LambdaAssert
{
    /// <summary>Checks an error answer's status, <c>x-amzn-ErrorType</c>, request id and body; returns its message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string fault = "User")
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, Header(response, "x-amzn-ErrorType"));
        Assert.False(string.IsNullOrEmpty(Header(response, "x-amzn-RequestId")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response, status);
        Assert.Equal(fault, body.GetProperty("Type").GetString());
        var message = body.GetProperty("Message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        return message;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
