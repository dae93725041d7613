using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>UpdateFunctionConfiguration</c>: <c>PUT /2015-03-31/functions/{name}/configuration</c>.</summary>
internal static class UpdateFunctionConfigurationEndpoint
{
    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapPut(FunctionRoutes.Function + "/configuration", UpdateAsync).WithName("Lambda.UpdateFunctionConfiguration");

    private static async Task<IResult> UpdateAsync(
        string functionName,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        var body = await LambdaJsonBody.ReadAsync(
            context, LambdaJsonContext.Default.UpdateFunctionConfigurationRequest, LambdaJsonBody.SettingsLimit, "UpdateFunctionConfiguration");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        if (body.Value.EphemeralStorage is { Size: null })
        {
            return LambdaErrors.InvalidParameter("EphemeralStorage.Size is required when EphemeralStorage is given");
        }

        var function = await catalog.UpdateSettingsAsync(Tenants.Default, name, body.Value.ToSettings(), context.RequestAborted);
        return Results.Json(LambdaFunctionConfiguration.From(function, region), LambdaJsonContext.Default.LambdaFunctionConfiguration);
    }
}
