using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// <c>GET /_kumo/v1/invocations/{requestId}</c>: the latest record and its log lines, oldest first; for an
/// asynchronous event also its status and every attempt's record — also before it has run.
/// </summary>
internal static class InvocationDetailEndpoint
{
    public static async Task<IResult> GetAsync(
        string requestId, [FromServices] IInvocationStore store, [FromServices] IEventQueue events, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(Tenants.Default, requestId, cancellationToken);
        var queued = await events.GetAsync(Tenants.Default, requestId, cancellationToken);
        if (record is null && queued is null)
        {
            return NativeErrors.Missing(
                $"there is no invocation with request id '{requestId}'. " +
                $"List recent ones with GET {NativeApi.InvocationsPath} or 'kumo invocations ls'.");
        }

        var lines = await store.GetLogsAsync(
            new LogQuery(Tenants.Default) { RequestId = requestId, Limit = NativeApi.MaxLogLimit },
            cancellationToken);
        IReadOnlyList<InvocationEntry>? attempts = null;
        if (queued is not null)
        {
            var records = await store.ListAsync(
                new InvocationQuery(Tenants.Default) { RequestId = requestId, Limit = NativeApi.MaxInvocationLimit }, cancellationToken);
            attempts = [.. records.OrderBy(r => r.Attempt).Select(r => r.ToEntry())];
        }

        var result = queued is { Status: QueuedEventStatus.Succeeded } ? await events.GetResultAsync(Tenants.Default, requestId, cancellationToken) : null;
        var detail = new InvocationDetail(record?.ToEntry(), [.. lines.Select(l => l.ToEntry())])
        {
            Event = queued?.ToEntry() is { } entry && result is not null ? entry with { Result = AsJson(result) } : queued?.ToEntry(),
            Attempts = attempts,
        };
        return Results.Json(detail, KumoJsonContext.Default.InvocationDetail);
    }

    /// <summary>A result that is JSON as JSON; anything else as a JSON string.</summary>
    private static JsonElement AsJson(byte[] result)
    {
        try
        {
            using var document = JsonDocument.Parse(result);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(System.Text.Encoding.UTF8.GetString(result), KumoJsonContext.Default.String);
        }
    }
}
