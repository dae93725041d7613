namespace Kumo.Runtime.Dotnet;

/// <summary>What <c>GET /next</c> returned.</summary>
internal sealed record NextInvocation(
    string RequestId,
    DateTimeOffset Deadline,
    string FunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity,
    byte[] Payload);
