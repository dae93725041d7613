using System.Globalization;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>
/// <c>CreateFunctionUrlConfig</c>, <c>GetFunctionUrlConfig</c>, <c>UpdateFunctionUrlConfig</c>,
/// <c>DeleteFunctionUrlConfig</c> and <c>ListFunctionUrlConfigs</c>. A URL belongs to the unqualified function
/// (<c>$LATEST</c>) until aliases exist: any other qualifier is not found.
/// </summary>
internal static class FunctionUrlEndpoints
{
    private const string Path = "/2021-10-31/functions/{functionName}/url";
    private const string ListPath = "/2021-10-31/functions/{functionName}/urls";
    private const int MaxPageSize = 50;

    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapPost(Path, CreateAsync).WithName("Lambda.CreateFunctionUrlConfig");
        lambda.MapGet(Path, GetAsync).WithName("Lambda.GetFunctionUrlConfig");
        lambda.MapPut(Path, UpdateAsync).WithName("Lambda.UpdateFunctionUrlConfig");
        lambda.MapDelete(Path, DeleteAsync).WithName("Lambda.DeleteFunctionUrlConfig");
        lambda.MapGet(ListPath, ListAsync).WithName("Lambda.ListFunctionUrlConfigs");
    }

    private static async Task<IResult> CreateAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region,
        [FromServices] GatewayOptions gateway,
        [FromServices] TimeProvider time)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var nameError))
        {
            return nameError;
        }

        var body = await ReadAsync(context, "CreateFunctionUrlConfig", creating: true);
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var request = body.Value;

        var cancellationToken = context.RequestAborted;
        if (await MissingFunctionAsync(catalog, name, region, cancellationToken) is { } missing)
        {
            return missing;
        }

        var now = time.GetUtcNow();
        var config = new FunctionUrlConfig
        {
            TenantId = Tenants.Default,
            FunctionName = name,
            Qualifier = FunctionNameParser.Latest,
            UrlId = FunctionUrlIds.New(),
            AuthType = request.AuthType ?? FunctionUrlAuthTypes.None,
            Cors = request.Cors?.ToConfig(),
            InvokeMode = request.InvokeMode ?? FunctionUrlInvokeModes.Buffered,
            CreatedAt = now,
            LastModified = now,
        };
        if (!await urls.CreateAsync(config, cancellationToken))
        {
            return LambdaErrors.Conflict(
                $"Failed to create function url config for [functionArn = {region.FunctionArn(name)}]. Error message:  " +
                "FunctionUrlConfig exists for this Lambda function");
        }

        // DeleteFunction may have removed the function, and its URLs, between the check and the insert: no URL may
        // outlive its function (it would come back to life with a new function of the same name).
        if (await MissingFunctionAsync(catalog, name, region, CancellationToken.None) is { } gone)
        {
            await urls.DeleteAsync(Tenants.Default, name, FunctionNameParser.Latest, CancellationToken.None);
            return gone;
        }

        return Results.Json(
            LambdaFunctionUrlConfig.From(config, region, gateway, withLastModified: false),
            LambdaJsonContext.Default.LambdaFunctionUrlConfig,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region,
        [FromServices] GatewayOptions gateway)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var nameError))
        {
            return nameError;
        }

        var cancellationToken = context.RequestAborted;
        if (await MissingFunctionAsync(catalog, name, region, cancellationToken) is { } missing)
        {
            return missing;
        }

        var config = await urls.GetAsync(Tenants.Default, name, FunctionNameParser.Latest, cancellationToken);
        return config is null
            ? NoUrl(name, region)
            : Results.Json(LambdaFunctionUrlConfig.From(config, region, gateway), LambdaJsonContext.Default.LambdaFunctionUrlConfig);
    }

    private static async Task<IResult> UpdateAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region,
        [FromServices] GatewayOptions gateway,
        [FromServices] TimeProvider time)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var nameError))
        {
            return nameError;
        }

        var body = await ReadAsync(context, "UpdateFunctionUrlConfig", creating: false);
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var request = body.Value;

        var cancellationToken = context.RequestAborted;
        if (await MissingFunctionAsync(catalog, name, region, cancellationToken) is { } missing)
        {
            return missing;
        }

        var current = await urls.GetAsync(Tenants.Default, name, FunctionNameParser.Latest, cancellationToken);
        if (current is null)
        {
            return NoUrl(name, region);
        }

        var updated = current with
        {
            AuthType = request.AuthType ?? current.AuthType,
            Cors = request.Cors is null ? current.Cors : request.Cors.ToConfig(),
            InvokeMode = request.InvokeMode ?? current.InvokeMode,
            LastModified = time.GetUtcNow(),
        };
        return await urls.UpdateAsync(updated, cancellationToken)
            ? Results.Json(LambdaFunctionUrlConfig.From(updated, region, gateway), LambdaJsonContext.Default.LambdaFunctionUrlConfig)
            : NoUrl(name, region);
    }

    private static async Task<IResult> DeleteAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var nameError))
        {
            return nameError;
        }

        var cancellationToken = context.RequestAborted;
        if (await MissingFunctionAsync(catalog, name, region, cancellationToken) is { } missing)
        {
            return missing;
        }

        return await urls.DeleteAsync(Tenants.Default, name, FunctionNameParser.Latest, cancellationToken)
            ? Results.NoContent()
            : NoUrl(name, region);
    }

    private static async Task<IResult> ListAsync(
        string functionName,
        [FromQuery(Name = "Marker")] string? marker,
        [FromQuery(Name = "MaxItems")] string? maxItems,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region,
        [FromServices] GatewayOptions gateway)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        // As on Lambda, more than 50 is allowed and gives pages of 50.
        var pageSize = MaxPageSize;
        if (!string.IsNullOrEmpty(maxItems)
            && (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
        {
            return LambdaErrors.InvalidParameter(
                $"Value '{maxItems}' at 'maxItems' failed to satisfy constraint: MaxItems is a whole number of at least 1 (pages hold at most {MaxPageSize}).");
        }

        var cancellationToken = context.RequestAborted;
        if (await MissingFunctionAsync(catalog, name, region, cancellationToken) is { } missing)
        {
            return missing;
        }

        // The marker is the last qualifier of the previous page: pages stay in order when URLs come and go.
        pageSize = Math.Min(pageSize, MaxPageSize);
        var all = await urls.ListAsync(Tenants.Default, name, cancellationToken);
        var rest = all
            .OrderBy(config => config.Qualifier, StringComparer.Ordinal)
            .Where(config => string.IsNullOrEmpty(marker) || string.CompareOrdinal(config.Qualifier, marker) > 0)
            .ToList();
        var page = rest.Take(pageSize).ToList();
        var nextMarker = rest.Count > pageSize ? page[^1].Qualifier : null;
        var answer = new ListFunctionUrlConfigsResponse(page.ConvertAll(config => LambdaFunctionUrlConfig.From(config, region, gateway)), nextMarker);
        return Results.Json(answer, LambdaJsonContext.Default.ListFunctionUrlConfigsResponse);
    }

    /// <summary>The body, checked in full: one <c>InvalidParameterValueException</c> names every problem.</summary>
    private static async Task<ParsedBody<FunctionUrlConfigRequest>> ReadAsync(HttpContext context, string operation, bool creating)
    {
        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.FunctionUrlConfigRequest, LambdaJsonBody.SettingsLimit, operation);
        if (!body.Succeeded)
        {
            return body;
        }

        var problems = FunctionUrlChecks.Problems(body.Value, creating);
        return problems.Count == 0 ? body : new(null, LambdaErrors.InvalidParameter(string.Join("; ", problems)));
    }

    private static async Task<LambdaError?> MissingFunctionAsync(
        IFunctionCatalog catalog, string name, PlatformRegion region, CancellationToken cancellationToken) =>
        await catalog.GetAsync(Tenants.Default, name, cancellationToken) is null ? LambdaErrors.FunctionNotFound(region.FunctionArn(name)) : null;

    private static LambdaError NoUrl(string name, PlatformRegion region) =>
        LambdaErrors.NotFound($"The resource you requested does not exist: {region.FunctionArn(name)} has no function URL.");
}
