using System.Diagnostics.CodeAnalysis;
using Kumo.Abstractions.Api;
using Kumo.Gateway.Lambda.Errors;
using Microsoft.AspNetCore.Http;

namespace Kumo.Gateway.Lambda.Invoke;

/// <summary>What an <c>Invoke</c> request's headers ask for.</summary>
internal sealed record InvokeOptions(InvocationType Type, bool TailLog, string? ClientContext, string? AmznTraceId, string? TraceParent)
{
    /// <summary>
    /// Kumo's own header (not AWS's): a repeat with the same key within the window returns the first request's id
    /// (and, for a synchronous invoke, its response) instead of running again.
    /// </summary>
    public const string IdempotencyKeyHeader = NativeApi.IdempotencyKeyHeader;

    /// <summary>Set to <c>true</c> on the answer to a repeat: the response is the first request's, nothing ran again.</summary>
    public const string ReplayedHeader = NativeApi.ReplayedHeader;

    /// <summary>The <c>Idempotency-Key</c> header, if any.</summary>
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
        if (idempotencyKey is not null && (type == InvocationType.DryRun || idempotencyKey.Length is 0 or > NativeApi.MaxIdempotencyKeyLength))
        {
            error = LambdaErrors.InvalidParameter(type == InvocationType.DryRun
                ? "an Idempotency-Key is not taken with InvocationType DryRun: a dry run does nothing to repeat"
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
