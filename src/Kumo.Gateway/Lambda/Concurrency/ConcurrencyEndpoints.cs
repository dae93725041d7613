using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Concurrency;

/// <summary><c>PutFunctionConcurrency</c>, <c>GetFunctionConcurrency</c> and <c>DeleteFunctionConcurrency</c>.</summary>
internal static class ConcurrencyEndpoints
{
    private const string Path = "/2017-10-31/functions/{functionName}/concurrency";

    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapPut(Path, PutAsync).WithName("Lambda.PutFunctionConcurrency");
        lambda.MapGet("/2019-09-30/functions/{functionName}/concurrency", GetAsync).WithName("Lambda.GetFunctionConcurrency");
        lambda.MapDelete(Path, DeleteAsync).WithName("Lambda.DeleteFunctionConcurrency");
    }

    private static async Task<IResult> PutAsync(
        string functionName,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IProvisionedConcurrencyStore provisioned,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.ReservedConcurrency, LambdaJsonBody.SettingsLimit, "PutFunctionConcurrency");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        if (body.Value.ReservedConcurrentExecutions is not { } reserved)
        {
            return LambdaErrors.InvalidParameter("ReservedConcurrentExecutions is required");
        }

        // As on Lambda, reserved concurrency cannot go below what the function's provisioned concurrency keeps ready.
        var settings = await provisioned.ListAsync(Tenants.Default, name, context.RequestAborted);
        var provisionedTotal = settings.Sum(setting => (long)setting.Requested);
        if (reserved < provisionedTotal)
        {
            var qualifiers = string.Join(", ", settings.Select(setting => $"{setting.Qualifier} {setting.Requested}"));
            return LambdaErrors.InvalidParameter(
                $"ReservedConcurrentExecutions {reserved} is less than the function's provisioned concurrency ({provisionedTotal}: {qualifiers}): " +
                $"reserve at least {provisionedTotal}, or lower or delete the provisioned concurrency first (PutProvisionedConcurrencyConfig, DeleteProvisionedConcurrencyConfig)");
        }

        var function = await catalog.SetReservedConcurrencyAsync(Tenants.Default, name, reserved, context.RequestAborted);
        var answer = new ReservedConcurrency { ReservedConcurrentExecutions = function.ReservedConcurrency ?? reserved };
        return Results.Json(answer, LambdaJsonContext.Default.ReservedConcurrency);
    }

    private static async Task<IResult> GetAsync(
        string functionName,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        return await catalog.GetAsync(Tenants.Default, name, context.RequestAborted) is { } function
            ? Results.Json(new ReservedConcurrency { ReservedConcurrentExecutions = function.ReservedConcurrency }, LambdaJsonContext.Default.ReservedConcurrency)
            : LambdaErrors.FunctionNotFound(region.FunctionArn(name));
    }

    private static async Task<IResult> DeleteAsync(
        string functionName,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        await catalog.SetReservedConcurrencyAsync(Tenants.Default, name, null, context.RequestAborted);
        return Results.NoContent();
    }
}
