namespace Kumo.Abstractions.Invocations;

/// <summary>A synchronous invocation to run.</summary>
public sealed record InvokeRequest
{
    /// <summary>The tenant that owns the function.</summary>
    public required string TenantId { get; init; }

    /// <summary>The request id to run under; null makes a new one. Every attempt of an asynchronous event runs under its id.</summary>
    public string? RequestId { get; init; }

    /// <summary>Which attempt this is: 1, or more for the retries of an asynchronous event.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// A key that makes a repeat within the idempotency window return the first request's id (and, for a synchronous
    /// invocation, its response) instead of running again. See <see cref="IIdempotencyStore"/>.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The function's name (not an ARN: the gateway resolves those).</summary>
    public required string FunctionName { get; init; }

    /// <summary>The version asked for; null or <c>$LATEST</c> for the latest.</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>What started it; see <see cref="InvocationTriggers"/>.</summary>
    public string Trigger { get; init; } = InvocationTriggers.Api;

    /// <summary>The caller's <c>X-Amzn-Trace-Id</c> header, if any.</summary>
    public string? AmznTraceId { get; init; }

    /// <summary>The caller's W3C <c>traceparent</c> header, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The caller's base64 client context (<c>X-Amz-Client-Context</c>), if any.</summary>
    public string? ClientContext { get; init; }
}
