using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// <c>GET /_kumo/v1/logs?function=&amp;requestId=&amp;after=&amp;limit=&amp;newest=</c>: log lines, oldest first, and the
/// <c>lastSequence</c> to pass as <c>after</c> to read on (as <c>kumo logs --follow</c> does).
/// </summary>
internal static class LogsEndpoint
{
    public static async Task<IResult> GetAsync(
        HttpRequest request,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IInvocationStore store,
        CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query, "function", "requestId", "after", "limit", "newest");
        var filter = new LogQuery(Tenants.Default)
        {
            FunctionName = query.Text("function"),
            RequestId = query.Text("requestId"),
            AfterSequence = query.Sequence("after"),
            Limit = query.Integer("limit", 1, NativeApi.MaxLogLimit, NativeApi.DefaultLogLimit),
            Newest = query.Flag("newest"),
        };
        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        if (filter.FunctionName is { } name && await catalog.GetAsync(Tenants.Default, name, cancellationToken) is null)
        {
            return NativeErrors.Missing(
                $"there is no function named '{name}'. List functions with GET {NativeApi.FunctionsPath} or 'kumo functions ls'.");
        }

        var lines = await store.GetLogsAsync(filter, cancellationToken);
        var last = lines.Count > 0 ? lines[^1].Sequence : filter.AfterSequence ?? 0;
        var page = new LogPage([.. lines.Select(l => l.ToEntry())], last);
        return Results.Json(page, KumoJsonContext.Default.LogPage);
    }
}
