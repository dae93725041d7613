using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary><c>GET /_kumo/v1/invocations?function=&amp;outcome=&amp;since=&amp;until=&amp;cold=&amp;limit=</c>: records, newest first.</summary>
internal static class InvocationListEndpoint
{
    public static async Task<IResult> GetAsync(
        HttpRequest request,
        [FromServices] IInvocationStore store,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var query = new QueryParameters(request.Query, "function", "outcome", "since", "until", "cold", "limit");
        var filter = new InvocationQuery(Tenants.Default)
        {
            FunctionName = query.Text("function"),
            Outcome = query.Outcome("outcome"),
            Since = query.Time("since", now),
            Until = query.Time("until", now),
            ColdOnly = query.Flag("cold"),
            Limit = query.Integer("limit", 1, NativeApi.MaxInvocationLimit, NativeApi.DefaultInvocationLimit),
        };
        if (filter.Since >= filter.Until)
        {
            query.Add($"until ({filter.Until:O}) is not after since ({filter.Since:O}): give an until later than since");
        }

        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        var records = await store.ListAsync(filter, cancellationToken);
        var list = new InvocationList([.. records.Select(r => r.ToEntry())]);
        return Results.Json(list, KumoJsonContext.Default.InvocationList);
    }
}
