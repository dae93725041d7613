using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary><c>GET /_kumo/v1/buckets</c>: the tenant's buckets, by name (what <c>kumo buckets ls</c> shows).</summary>
internal static class BucketListEndpoint
{
    public static async Task<IResult> GetAsync(HttpRequest request, [FromServices] IObjectStore objects, CancellationToken cancellationToken)
    {
        var query = new QueryParameters(request.Query);
        if (query.Problems.Count > 0)
        {
            return NativeErrors.BadRequest(query.Problems);
        }

        var buckets = await objects.ListBucketsAsync(Tenants.Default, cancellationToken);
        return Results.Json(
            new BucketList([.. buckets.Select(b => new BucketEntry(b.Name, b.Region, b.CreatedAt))]),
            KumoJsonContext.Default.BucketList);
    }
}
