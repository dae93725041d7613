namespace Kumo.Abstractions.Functions;

/// <summary>Why a request about a function was refused; the Lambda API maps each to AWS's exception type.</summary>
public enum FunctionErrorKind
{
    /// <summary>No such function (<c>ResourceNotFoundException</c>, 404).</summary>
    NotFound,

    /// <summary>It exists already, or changed meanwhile, or is not ready (<c>ResourceConflictException</c>, 409).</summary>
    Conflict,

    /// <summary>A value is wrong (<c>InvalidParameterValueException</c>, 400).</summary>
    InvalidParameter,

    /// <summary>The code package is too large (<c>CodeStorageExceededException</c> / <c>RequestTooLargeException</c>).</summary>
    TooLarge,
}
