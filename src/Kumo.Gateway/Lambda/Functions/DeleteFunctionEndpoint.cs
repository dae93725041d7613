using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>DeleteFunction</c>: <c>DELETE /2015-03-31/functions/{name}</c>, 204. The function's URLs and provisioned concurrency settings go with it.</summary>
internal static class DeleteFunctionEndpoint
{
    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapDelete(FunctionRoutes.Function, DeleteAsync).WithName("Lambda.DeleteFunction");

    private static async Task<IResult> DeleteAsync(
        string functionName,
        [FromQuery(Name = "Qualifier")] string? qualifier,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] IFunctionUrlStore urls,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParse(functionName, qualifier, region, out var function, out var error))
        {
            return error;
        }

        if (function.Qualifier == FunctionNameParser.Latest)
        {
            return LambdaErrors.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }

        if (function.Qualifier is not null)
        {
            return LambdaErrors.FunctionNotFound(function.Arn(region));
        }

        await catalog.DeleteAsync(Tenants.Default, function.Name, context.RequestAborted);

        // Not cancelled with the request: once the function is gone, its URLs must not stay to reach a namesake.
        await urls.DeleteAllAsync(Tenants.Default, function.Name, CancellationToken.None);

        // Its provisioned concurrency settings went with it (in the same statement): the worker lets their sandboxes go now.
        context.RequestServices.GetService<IProvisionedConcurrencySignal>()?.Changed();
        return Results.NoContent();
    }
}
