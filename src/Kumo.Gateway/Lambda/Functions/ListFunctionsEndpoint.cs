using System.Globalization;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>ListFunctions</c>: <c>GET /2015-03-31/functions/?Marker=…&amp;MaxItems=…</c>, in pages of 1–10000 (50 by default).</summary>
internal static class ListFunctionsEndpoint
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 10_000;

    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapGet(FunctionRoutes.Functions + "/", ListAsync).WithName("Lambda.ListFunctions");

    private static async Task<IResult> ListAsync(
        [FromQuery(Name = "Marker")] string? marker,
        [FromQuery(Name = "MaxItems")] string? maxItems,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        var pageSize = DefaultPageSize;
        if (!string.IsNullOrEmpty(maxItems)
            && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return LambdaErrors.InvalidParameter($"Value '{maxItems}' at 'maxItems' failed to satisfy constraint: MaxItems is a whole number from 1 to {MaxPageSize}.");
        }

        var page = await catalog.ListAsync(Tenants.Default, string.IsNullOrEmpty(marker) ? null : marker, pageSize, context.RequestAborted);
        var functions = page.Functions.Select(function => LambdaFunctionConfiguration.From(function, region)).ToList();
        return Results.Json(new ListFunctionsResponse(functions, page.NextMarker), LambdaJsonContext.Default.ListFunctionsResponse);
    }
}
