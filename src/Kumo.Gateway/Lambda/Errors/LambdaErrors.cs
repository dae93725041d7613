using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>The Lambda API's errors, each with the status and exception name AWS gives it.</summary>
internal static class LambdaErrors
{
    public static LambdaError NotFound(string message) =>
        new(StatusCodes.Status404NotFound, "ResourceNotFoundException", message);

    public static LambdaError FunctionNotFound(string arn) => NotFound($"Function not found: {arn}");

    public static LambdaError Conflict(string message) =>
        new(StatusCodes.Status409Conflict, "ResourceConflictException", message);

    public static LambdaError InvalidParameter(string message) =>
        new(StatusCodes.Status400BadRequest, "InvalidParameterValueException", message);

    public static LambdaError InvalidRequestContent(string message) =>
        new(StatusCodes.Status400BadRequest, "InvalidRequestContentException", message);

    public static LambdaError RequestTooLarge(long limit, string operation) =>
        new(StatusCodes.Status413PayloadTooLarge, "RequestTooLargeException",
            $"Request must be smaller than {limit} bytes for the {operation} operation");

    public static LambdaError CodeStorageExceeded(string message) =>
        new(StatusCodes.Status400BadRequest, "CodeStorageExceededException", message);

    public static LambdaError Service(string message) =>
        new(StatusCodes.Status500InternalServerError, "ServiceException", message, LambdaError.ServiceFault);

    public static LambdaError UnknownOperation(string method, string path) =>
        new(StatusCodes.Status404NotFound, "UnknownOperationException",
            $"Kumo does not know the Lambda operation {method} {path} (or does not support it yet).");

    /// <summary>The answer to a refusal of the function catalog.</summary>
    public static LambdaError From(FunctionRequestException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind switch
        {
            FunctionErrorKind.NotFound => NotFound(refusal.Message),
            FunctionErrorKind.Conflict => Conflict(refusal.Message),
            FunctionErrorKind.TooLarge => CodeStorageExceeded(refusal.Message),
            _ => InvalidParameter(refusal.Message),
        };
    }
}
