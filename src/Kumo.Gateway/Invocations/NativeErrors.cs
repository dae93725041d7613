using Kumo.Abstractions;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Status;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Invocations;

/// <summary>The error answers of the native API, each an <see cref="ApiError"/>.</summary>
internal static class NativeErrors
{
    public const string InvalidParameter = "InvalidParameter";
    public const string NotFound = "NotFound";

    /// <summary>400 naming every bad parameter and what it allows.</summary>
    public static IResult BadRequest(IReadOnlyList<string> problems) =>
        Error(StatusCodes.Status400BadRequest, InvalidParameter, string.Join("; ", problems) + ".");

    public static IResult Missing(string message) => Error(StatusCodes.Status404NotFound, NotFound, message);

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, "Conflict", message);

    public static IResult TooLarge(string message) => Error(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", message);

    public static IResult Throttled(string message) => Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", message);

    public static IResult Platform(string message) => Error(StatusCodes.Status500InternalServerError, "PlatformError", message);

    public static IResult NotReady(string? reason) =>
        Error(StatusCodes.Status503ServiceUnavailable, "NotReady", $"Kumo is still starting ({reason ?? "starting up"}); try again in a moment.");

    public static IResult From(FunctionRequestException refusal) => refusal.Kind switch
    {
        FunctionErrorKind.NotFound => Missing(refusal.Message),
        FunctionErrorKind.Conflict => Conflict(refusal.Message),
        _ => Error(StatusCodes.Status400BadRequest, InvalidParameter, refusal.Message),
    };

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new ApiError(code, message), KumoJsonContext.Default.ApiError, statusCode: status);
}
