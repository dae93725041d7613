using System.Globalization;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary>
/// <c>PutProvisionedConcurrencyConfig</c>, <c>GetProvisionedConcurrencyConfig</c>, <c>DeleteProvisionedConcurrencyConfig</c>
/// and <c>ListProvisionedConcurrencyConfigs</c> (Get and List share a path: <c>List=ALL</c> selects List). Kumo has no
/// published versions or aliases yet, so the one qualifier is <c>$LATEST</c>, which Lambda itself refuses here.
/// </summary>
internal static class ProvisionedConcurrencyEndpoints
{
    private const string Path = "/2019-09-30/functions/{functionName}/provisioned-concurrency";
    private const int MaxPageSize = 50;

    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapPut(Path, PutAsync).WithName("Lambda.PutProvisionedConcurrencyConfig");
        lambda.MapGet(Path, GetOrListAsync).WithName("Lambda.GetProvisionedConcurrencyConfig");
        lambda.MapDelete(Path, DeleteAsync).WithName("Lambda.DeleteProvisionedConcurrencyConfig");
    }

    private static async Task<IResult> PutAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IProvisionedConcurrencyStore store,
        [FromServices] PlatformRegion region,
        [FromServices] TimeProvider time)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.ProvisionedConcurrencyRequest, LambdaJsonBody.SettingsLimit, "PutProvisionedConcurrencyConfig");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        if (body.Value.ProvisionedConcurrentExecutions is not { } requested)
        {
            return LambdaErrors.InvalidParameter("ProvisionedConcurrentExecutions is required: how many sandboxes to keep ready, at least 1.");
        }

        if (requested < 1)
        {
            return LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{requested}' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        var cancellationToken = context.RequestAborted;
        var target = await FindAsync(reference, catalog, region, cancellationToken);
        if (!target.Found)
        {
            return target.Error;
        }

        var function = target.Function;
        var limits = await catalog.GetAccountLimitsAsync(Tenants.Default, cancellationToken);
        int otherQualifiers = 0;
        long otherProvisionedMb = 0;
        foreach (var other in await store.ListAllAsync(cancellationToken))
        {
            var sameFunction = other.TenantId == Tenants.Default && other.FunctionName == function.Name;
            if (sameFunction && other.Qualifier == target.Qualifier)
            {
                continue;
            }

            otherQualifiers += sameFunction ? other.Requested : 0;
            var memoryMb = sameFunction ? function.MemoryMb : (await catalog.GetAsync(other.TenantId, other.FunctionName, cancellationToken))?.MemoryMb ?? 0;
            otherProvisionedMb += (long)other.Requested * memoryMb;
        }

        var problems = ProvisionedConcurrencyChecks.Problems(requested, function, otherQualifiers, limits.MemoryBudgetMb, otherProvisionedMb).ToList();
        if (problems.Count > 0)
        {
            return LambdaErrors.InvalidParameter(string.Join("; ", problems) + ".");
        }

        var config = await store.PutAsync(Tenants.Default, function.Name, target.Qualifier, requested, time.GetUtcNow(), cancellationToken);
        Signal(context);
        return Results.Json(ProvisionedConcurrencyConfigResponse.From(config), LambdaJsonContext.Default.ProvisionedConcurrencyConfigResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetOrListAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        [FromQuery(Name = "List")] string? list,
        [FromQuery(Name = "Marker")] string? marker,
        [FromQuery(Name = "MaxItems")] string? maxItems,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IProvisionedConcurrencyStore store,
        [FromServices] PlatformRegion region)
    {
        var cancellationToken = context.RequestAborted;
        if (list is not null)
        {
            if (list != "ALL")
            {
                return LambdaErrors.InvalidParameter($"Value '{list}' at 'List' failed to satisfy constraint: ListProvisionedConcurrencyConfigs takes List=ALL.");
            }

            if (!string.IsNullOrEmpty(qualifier))
            {
                return LambdaErrors.InvalidParameter(
                    "ListProvisionedConcurrencyConfigs (List=ALL) lists every qualifier and takes no Qualifier; to read one setting, leave out List.");
            }

            return await ListAsync(functionName, marker, maxItems, catalog, store, region, cancellationToken);
        }

        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        var target = await FindAsync(reference, catalog, region, cancellationToken);
        if (!target.Found)
        {
            return target.Error;
        }

        return await store.GetAsync(Tenants.Default, target.Function.Name, target.Qualifier, cancellationToken) is { } config
            ? Results.Json(ProvisionedConcurrencyConfigResponse.From(config), LambdaJsonContext.Default.ProvisionedConcurrencyConfigResponse)
            : new LambdaError(StatusCodes.Status404NotFound, "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function");
    }

    private static async Task<IResult> ListAsync(
        string functionName,
        string? marker,
        string? maxItems,
        IFunctionCatalog catalog,
        IProvisionedConcurrencyStore store,
        PlatformRegion region,
        CancellationToken cancellationToken)
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

        if (await catalog.GetAsync(Tenants.Default, name, cancellationToken) is null)
        {
            return LambdaErrors.FunctionNotFound(region.FunctionArn(name));
        }

        // The marker is the last qualifier of the previous page: pages stay in order when settings come and go.
        var rest = (await store.ListAsync(Tenants.Default, name, cancellationToken))
            .Where(config => string.IsNullOrEmpty(marker) || string.CompareOrdinal(config.Qualifier, marker) > 0)
            .OrderBy(config => config.Qualifier, StringComparer.Ordinal)
            .ToList();
        var page = rest.Take(pageSize).ToList();
        var nextMarker = rest.Count > pageSize ? page[^1].Qualifier : null;
        var answer = new ProvisionedConcurrencyConfigPage(page.ConvertAll(config => ProvisionedConcurrencyConfigListItem.From(config, region)), nextMarker);
        return Results.Json(answer, LambdaJsonContext.Default.ProvisionedConcurrencyConfigPage);
    }

    private static async Task<IResult> DeleteAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IProvisionedConcurrencyStore store,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var reference, out var nameError))
        {
            return nameError;
        }

        var target = await FindAsync(reference, catalog, region, context.RequestAborted);
        if (!target.Found)
        {
            return target.Error;
        }

        // As on Lambda, deleting a setting that is not there succeeds.
        if (await store.DeleteAsync(Tenants.Default, target.Function.Name, target.Qualifier, context.RequestAborted))
        {
            Signal(context);
        }

        return Results.NoContent();
    }

    /// <summary>The function and qualifier a request names, or the error to answer: no qualifier, no such function, or a version Kumo does not have.</summary>
    private static async Task<ProvisionedConcurrencyTarget> FindAsync(
        FunctionReference reference, IFunctionCatalog catalog, PlatformRegion region, CancellationToken cancellationToken)
    {
        if (reference.Qualifier is not { } qualifier)
        {
            return ProvisionedConcurrencyTarget.Refused(LambdaErrors.InvalidParameter(
                $"Qualifier is required: provisioned concurrency is set on a version or alias. Kumo has no published versions yet: use Qualifier={FunctionNameParser.Latest}."));
        }

        if (await catalog.GetAsync(Tenants.Default, reference.Name, cancellationToken) is not { } function)
        {
            return ProvisionedConcurrencyTarget.Refused(LambdaErrors.FunctionNotFound(reference.Arn(region)));
        }

        if (qualifier != FunctionNameParser.Latest)
        {
            return ProvisionedConcurrencyTarget.Refused(LambdaErrors.NotFound(
                $"Function not found: {reference.Arn(region)}. Kumo does not publish versions or aliases yet: use the qualifier {FunctionNameParser.Latest}."));
        }

        return ProvisionedConcurrencyTarget.Of(function, qualifier);
    }

    /// <summary>Tells the worker, when one runs in this process, to reconcile now rather than at its next tick.</summary>
    private static void Signal(HttpContext context) =>
        context.RequestServices.GetService<IProvisionedConcurrencySignal>()?.Changed();
}
