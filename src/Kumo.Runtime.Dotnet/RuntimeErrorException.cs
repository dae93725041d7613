namespace Kumo.Runtime.Dotnet;

/// <summary>A failure of the runtime's own (not the handler's), reported with a Lambda error type such as <c>Runtime.MarshalError</c>.</summary>
internal sealed class RuntimeErrorException(string errorType, string message, Exception innerException) : Exception(message, innerException)
{
    public string ErrorType { get; } = errorType;
}
