using System.Diagnostics.CodeAnalysis;
using Kumo.Gateway.Lambda.Errors;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>What an <c>Invoke</c> request's headers ask for.</summary>
internal sealed record InvokeOptions(InvocationType Type, bool TailLog, string? ClientContext, string? AmznTraceId, string? TraceParent)
{
    /// <summary>Kumo's own header (not AWS's): a repeat with the same key within the window returns the first event's id.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The <c>Idempotency-Key</c> header, for asynchronous invocations.</summary>
    public string? IdempotencyKey { get; init; }

    public static bool TryRead(
        IHeaderDictionary headers,
        [NotNullWhen(true)] out InvokeOptions? options,
        [NotNullWhen(false)] out LambdaError? error)
    {
        ArgumentNullException.ThrowIfNull(headers);
        options = null;
        var typeHeader = LambdaHeaders.Optional(headers, LambdaHeaders.InvocationType);
        InvocationType? type = typeHeader switch
        {
            null or "RequestResponse" => InvocationType.RequestResponse,
            "Event" => InvocationType.Event,
            "DryRun" => InvocationType.DryRun,
            _ => null,
        };
        if (type is null)
        {
            error = LambdaErrors.InvalidParameter(
                $"Value '{typeHeader}' at 'invocationType' failed to satisfy constraint: use RequestResponse, Event or DryRun.");
            return false;
        }

        var logType = LambdaHeaders.Optional(headers, LambdaHeaders.LogType);
        if (logType is not (null or "None" or "Tail"))
        {
            error = LambdaErrors.InvalidParameter($"Value '{logType}' at 'logType' failed to satisfy constraint: use None or Tail.");
            return false;
        }

        var idempotencyKey = LambdaHeaders.Optional(headers, IdempotencyKeyHeader);
        if (idempotencyKey is not null && (type != InvocationType.Event || idempotencyKey.Length is 0 or > 256))
        {
            error = LambdaErrors.InvalidParameter(type != InvocationType.Event
                ? "an Idempotency-Key is taken with InvocationType Event only: synchronous results are not kept to answer repeats"
                : "an Idempotency-Key must be 1 to 256 characters");
            return false;
        }

        options = new InvokeOptions(
            type.Value,
            logType == "Tail",
            LambdaHeaders.Optional(headers, LambdaHeaders.ClientContext),
            LambdaHeaders.Optional(headers, LambdaHeaders.AmznTraceId),
            LambdaHeaders.Optional(headers, LambdaHeaders.TraceParent))
        {
            IdempotencyKey = idempotencyKey,
        };
        error = null;
        return true;
    }
}
