using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary><c>GET /_kumo/v1/functions?marker=&amp;limit=</c>: one page of functions, in order of name.</summary>
internal static class FunctionListEndpoint
{
    public static async Task<IResult> GetAsync(HttpRequest request, [FromServices] IFunctionCatalog catalog, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query, "marker", "limit");
        var marker = query.Text("marker");
        var limit = query.Integer("limit", 1, NativeApi.MaxFunctionLimit, NativeApi.DefaultFunctionLimit);
        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        FunctionPage page;
        try
        {
            page = await catalog.ListAsync(Tenants.Default, marker, limit, cancellationToken);
        }
        catch (FunctionRequestException refusal)
        {
            return NativeErrors.From(refusal);
        }

        var list = new FunctionList([.. page.Functions.Select(f => f.ToEntry())], page.NextMarker);
        return Results.Json(list, KumoJsonContext.Default.FunctionList);
    }
}
