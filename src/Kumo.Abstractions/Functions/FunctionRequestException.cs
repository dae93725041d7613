namespace Kumo.Abstractions.Functions;

/// <summary>A request about a function was refused; the message says what was wrong and what to do.</summary>
public sealed class FunctionRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionRequestException(FunctionErrorKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Creates the exception (for serializers).</summary>
    public FunctionRequestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why it was refused.</summary>
    public FunctionErrorKind Kind { get; } = FunctionErrorKind.InvalidParameter;
}
