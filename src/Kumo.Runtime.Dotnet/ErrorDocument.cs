using System.Reflection;
using System.Text.Json;

namespace Kumo.Runtime.Dotnet;

/// <summary>Lambda's error document as the .NET runtime writes it: type, message, stack trace, and the cause underneath.</summary>
internal sealed record ErrorDocument(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace, ErrorDocument? Cause = null)
{
    public static ErrorDocument From(Exception exception)
    {
        // Reflection wraps what the handler threw; report the handler's exception, as AWS does.
        while (exception is TargetInvocationException { InnerException: { } inner })
        {
            exception = inner;
        }

        if (exception is RuntimeErrorException runtimeError)
        {
            return new ErrorDocument(runtimeError.ErrorType, runtimeError.Message, []);
        }

        var stack = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ErrorDocument(exception.GetType().Name, exception.Message, stack, exception.InnerException is { } cause ? From(cause) : null);
    }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json);
        }

        return buffer.ToArray();
    }

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";

    private void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("errorType", ErrorType);
        json.WriteString("errorMessage", ErrorMessage);
        json.WriteStartArray("stackTrace");
        foreach (var line in StackTrace)
        {
            json.WriteStringValue(line);
        }

        json.WriteEndArray();
        if (Cause is not null)
        {
            json.WritePropertyName("cause");
            Cause.Write(json);
        }

        json.WriteEndObject();
    }
}
