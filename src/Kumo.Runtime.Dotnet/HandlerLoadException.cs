namespace Kumo.Runtime.Dotnet;

/// <summary>The handler cannot be found or set up; reported to the Runtime API as an init error of <see cref="ErrorType"/>.</summary>
internal sealed class HandlerLoadException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}
