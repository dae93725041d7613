using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// The dead letters: asynchronous events that used every attempt or grew too old. <c>GET /_kumo/v1/dlq</c> lists
/// them; <c>POST /_kumo/v1/dlq/redrive</c> sends them back to the queue for another round of attempts.
/// </summary>
internal static class DeadLetterEndpoints
{
    private static readonly QueuedEventStatus[] DeadStatuses = [QueuedEventStatus.Failed, QueuedEventStatus.Expired];

    public static async Task<IResult> ListAsync(HttpRequest request, [FromServices] IEventQueue events, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query, "function", "limit");
        var function = query.Text("function");
        var limit = query.Integer("limit", 1, NativeApi.MaxInvocationLimit, NativeApi.DefaultInvocationLimit);
        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        var dead = await events.ListAsync(
            new EventQuery(Tenants.Default) { FunctionName = function, Statuses = DeadStatuses, Limit = limit },
            cancellationToken);
        return Results.Json(new EventList([.. dead.Select(e => e.ToEntry())]), KumoJsonContext.Default.EventList);
    }

    public static async Task<IResult> RedriveAsync(
        HttpRequest request, [FromServices] IEventQueue events, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        RedriveRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await request.ReadFromJsonAsync(KumoJsonContext.Default.RedriveRequest, cancellationToken);
            }
            catch (System.Text.Json.JsonException e)
            {
                return NativeErrors.BadRequest([$"the body is not valid JSON ({e.Message}); send {{\"function\": \"NAME\"}} or {{\"requestIds\": [\"ID\"]}}, or nothing for every dead letter"]);
            }
        }

        var redriven = await events.RedriveAsync(
            Tenants.Default, body?.Function, body?.RequestIds is { Count: > 0 } ids ? ids : null, time.GetUtcNow(), cancellationToken);
        return Results.Json(new RedriveResult(redriven), KumoJsonContext.Default.RedriveResult);
    }
}
