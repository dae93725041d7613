namespace Kumo.Sandbox.Invocations;

/// <summary>One event for a function, with what the Runtime API hands the runtime alongside it.</summary>
/// <param name="RequestId">The request id, as <c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Payload">The event, usually JSON.</param>
public sealed record InvocationRequest(string RequestId, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The trace header, as <c>Lambda-Runtime-Trace-Id</c>.</summary>
    public string? TraceId { get; init; }

    /// <summary>The base64 client context of mobile SDK callers, as <c>Lambda-Runtime-Client-Context</c>.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The Cognito identity, as <c>Lambda-Runtime-Cognito-Identity</c>.</summary>
    public string? CognitoIdentity { get; init; }

    /// <summary>
    /// For a streaming invocation: where a streamed answer's bytes go as the runtime sends them. Null for a buffered
    /// invocation, where a streamed answer is collected like any other (up to the 6 MB limit).
    /// </summary>
    public RuntimeApi.StreamedResponse? Response { get; init; }
}
