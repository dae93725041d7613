using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda;

/// <summary>The HTTP headers the Lambda API reads and writes.</summary>
internal static class LambdaHeaders
{
    public const string RequestId = "x-amzn-RequestId";
    public const string ErrorType = "x-amzn-ErrorType";
    public const string InvocationType = "X-Amz-Invocation-Type";
    public const string LogType = "X-Amz-Log-Type";
    public const string ClientContext = "X-Amz-Client-Context";
    public const string LogResult = "X-Amz-Log-Result";
    public const string FunctionError = "X-Amz-Function-Error";
    public const string ExecutedVersion = "X-Amz-Executed-Version";
    public const string AmznTraceId = "X-Amzn-Trace-Id";
    public const string TraceParent = "traceparent";
    public const string RetryAfter = "Retry-After";

    /// <summary>Gives the response a request id unless it has one.</summary>
    public static void EnsureRequestId(HttpResponse response)
    {
        if (!response.Headers.ContainsKey(RequestId))
        {
            response.Headers[RequestId] = Guid.NewGuid().ToString();
        }
    }

    /// <summary>The header's value, or null when it is absent or empty.</summary>
    public static string? Optional(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
