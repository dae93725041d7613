using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Concurrency;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>GetFunction</c> and <c>GetFunctionConfiguration</c>.</summary>
internal static class GetFunctionEndpoints
{
    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapGet(FunctionRoutes.Function, GetFunctionAsync).WithName("Lambda.GetFunction");
        lambda.MapGet(FunctionRoutes.Function + "/configuration", GetConfigurationAsync).WithName("Lambda.GetFunctionConfiguration");
    }

    private static async Task<IResult> GetFunctionAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var error))
        {
            return error;
        }

        if (await catalog.GetAsync(Tenants.Default, name, context.RequestAborted) is not { } function)
        {
            return LambdaErrors.FunctionNotFound(region.FunctionArn(name));
        }

        var request = context.Request;
        var response = new GetFunctionResponse
        {
            Configuration = LambdaFunctionConfiguration.From(function, region),
            Code = new FunctionCodeLocation("S3", $"{request.Scheme}://{request.Host}/_kumo/v1/functions/{Uri.EscapeDataString(name)}/code"),
            Tags = function.Tags.Count == 0 ? null : function.Tags,
            Concurrency = function.ReservedConcurrency is { } reserved ? new ReservedConcurrency { ReservedConcurrentExecutions = reserved } : null,
        };
        return Results.Json(response, LambdaJsonContext.Default.GetFunctionResponse);
    }

    private static async Task<IResult> GetConfigurationAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseLatest(functionName, qualifier, region, out var name, out var error))
        {
            return error;
        }

        return await catalog.GetAsync(Tenants.Default, name, context.RequestAborted) is { } function
            ? Results.Json(LambdaFunctionConfiguration.From(function, region), LambdaJsonContext.Default.LambdaFunctionConfiguration)
            : LambdaErrors.FunctionNotFound(region.FunctionArn(name));
    }
}
