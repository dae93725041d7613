using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary><c>GET /_kumo/v1/invocations/{requestId}</c>: one record and its log lines, oldest first.</summary>
internal static class InvocationDetailEndpoint
{
    public static async Task<IResult> GetAsync(string requestId, [FromServices] IInvocationStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(Tenants.Default, requestId, cancellationToken);
        if (record is null)
        {
            return NativeErrors.Missing(
                $"there is no invocation with request id '{requestId}'. " +
                $"List recent ones with GET {NativeApi.InvocationsPath} or 'kumo invocations ls'.");
        }

        var lines = await store.GetLogsAsync(
            new LogQuery(Tenants.Default) { RequestId = requestId, Limit = NativeApi.MaxLogLimit },
            cancellationToken);
        var detail = new InvocationDetail(record.ToEntry(), [.. lines.Select(l => l.ToEntry())]);
        return Results.Json(detail, KumoJsonContext.Default.InvocationDetail);
    }
}
