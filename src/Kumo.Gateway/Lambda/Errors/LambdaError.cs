using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>
/// An error answer of the Lambda API, as AWS SDKs parse it: the status, <c>x-amzn-ErrorType</c> naming the
/// exception, and a <c>{"Type","Message"}</c> body.
/// </summary>
internal sealed class LambdaError(int statusCode, string type, string message, string fault = LambdaError.UserFault) : IResult
{
    /// <summary>The caller's request was at fault.</summary>
    public const string UserFault = "User";

    /// <summary>Kumo was at fault.</summary>
    public const string ServiceFault = "Service";

    public int StatusCode { get; } = statusCode;

    /// <summary>The exception's name, such as <c>ResourceNotFoundException</c>.</summary>
    public string Type { get; } = type;

    public string Message { get; } = message;

    public string Fault { get; } = fault;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.Headers[LambdaHeaders.ErrorType] = Type;
        LambdaHeaders.EnsureRequestId(response);
        return response.WriteAsJsonAsync(
            new LambdaErrorBody(Fault, Message),
            LambdaJsonContext.Default.LambdaErrorBody,
            "application/json",
            httpContext.RequestAborted);
    }

    public override string ToString() => $"{StatusCode} {Type}: {Message}";
}
