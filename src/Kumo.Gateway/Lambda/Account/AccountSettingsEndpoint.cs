using Kumo.Abstractions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Account;

/// <summary><c>GetAccountSettings</c>: <c>GET /2016-08-19/account-settings/</c>.</summary>
internal static class AccountSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapGet("/2016-08-19/account-settings/", GetAsync).WithName("Lambda.GetAccountSettings");

    private static async Task<IResult> GetAsync(HttpContext context, [FromServices] IFunctionCatalog catalog)
    {
        var limits = await catalog.GetAccountLimitsAsync(Tenants.Default, context.RequestAborted);
        var settings = new AccountSettings(
            new AccountLimit(
                limits.TotalCodeSize,
                limits.CodeSizeUnzipped,
                limits.CodeSizeZipped,
                limits.ConcurrentExecutions,
                limits.UnreservedConcurrentExecutions),
            new AccountUsage(limits.TotalCodeSizeUsed, limits.FunctionCount));
        return Results.Json(settings, LambdaJsonContext.Default.AccountSettings);
    }
}
