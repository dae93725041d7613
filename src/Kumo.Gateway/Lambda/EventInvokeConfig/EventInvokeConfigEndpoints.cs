using System.Globalization;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.EventInvokeConfig;

/// <summary>
/// <c>PutFunctionEventInvokeConfig</c>, <c>UpdateFunctionEventInvokeConfig</c>, <c>GetFunctionEventInvokeConfig</c>,
/// <c>DeleteFunctionEventInvokeConfig</c> and <c>ListFunctionEventInvokeConfigs</c>. Qualifiers are passed to the
/// service as given: it decides which exist.
/// </summary>
internal static class EventInvokeConfigEndpoints
{
    private const string Path = "/2019-09-25/functions/{functionName}/event-invoke-config";
    private const int MaxPageSize = 50;

    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapPut(Path, PutAsync).WithName("Lambda.PutFunctionEventInvokeConfig");
        lambda.MapPost(Path, UpdateAsync).WithName("Lambda.UpdateFunctionEventInvokeConfig");
        lambda.MapGet(Path, GetAsync).WithName("Lambda.GetFunctionEventInvokeConfig");
        lambda.MapDelete(Path, DeleteAsync).WithName("Lambda.DeleteFunctionEventInvokeConfig");
        lambda.MapGet(Path + "/list", ListAsync).WithName("Lambda.ListFunctionEventInvokeConfigs");
    }

    private static Task<IResult> PutAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IEventInvokeConfigs configs,
        [FromServices] PlatformRegion region) =>
        SaveAsync(functionName, qualifier, context, region, "PutFunctionEventInvokeConfig", configs.PutAsync);

    private static Task<IResult> UpdateAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IEventInvokeConfigs configs,
        [FromServices] PlatformRegion region) =>
        SaveAsync(functionName, qualifier, context, region, "UpdateFunctionEventInvokeConfig", configs.UpdateAsync);

    private static async Task<IResult> SaveAsync(
        string functionName,
        string? qualifier,
        HttpContext context,
        PlatformRegion region,
        string operation,
        Func<string, string, string?, EventInvokeConfigChange, CancellationToken, Task<Abstractions.Events.EventInvokeConfig>> save)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.EventInvokeConfigRequest, LambdaJsonBody.SettingsLimit, operation);
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var config = await save(Tenants.Default, reference.Name, reference.Qualifier, body.Value.ToChange(), context.RequestAborted);
        return Results.Json(FunctionEventInvokeConfig.From(config, region), LambdaJsonContext.Default.FunctionEventInvokeConfig);
    }

    private static async Task<IResult> GetAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IEventInvokeConfigs configs,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        var config = await configs.GetAsync(Tenants.Default, reference.Name, reference.Qualifier, context.RequestAborted);
        return Results.Json(FunctionEventInvokeConfig.From(config, region), LambdaJsonContext.Default.FunctionEventInvokeConfig);
    }

    private static async Task<IResult> DeleteAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IEventInvokeConfigs configs,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        await configs.DeleteAsync(Tenants.Default, reference.Name, reference.Qualifier, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ListAsync(
        string functionName,
        [FromQuery(Name = "Marker")] string? marker,
        [FromQuery(Name = "MaxItems")] string? maxItems,
        HttpContext context,
        [FromServices] IEventInvokeConfigs configs,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        var pageSize = MaxPageSize;
        if (!string.IsNullOrEmpty(maxItems)
            && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return LambdaErrors.InvalidParameter($"Value '{maxItems}' at 'maxItems' failed to satisfy constraint: MaxItems is a whole number from 1 to {MaxPageSize}.");
        }

        // The marker is the last qualifier of the previous page: pages stay in order when configurations come and go.
        var all = await configs.ListAsync(Tenants.Default, name, context.RequestAborted);
        var rest = all
            .OrderBy(config => config.Qualifier, StringComparer.Ordinal)
            .Where(config => string.IsNullOrEmpty(marker) || string.CompareOrdinal(config.Qualifier, marker) > 0)
            .ToList();
        var page = rest.Take(pageSize).ToList();
        var nextMarker = rest.Count > pageSize ? page[^1].Qualifier : null;
        var answer = new ListEventInvokeConfigsResponse(page.ConvertAll(config => FunctionEventInvokeConfig.From(config, region)), nextMarker);
        return Results.Json(answer, LambdaJsonContext.Default.ListEventInvokeConfigsResponse);
    }
}
