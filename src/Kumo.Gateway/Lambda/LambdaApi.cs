using Kumo.Gateway.Lambda.Account;
using Kumo.Gateway.Lambda.Concurrency;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.EventInvokeConfig;
using Kumo.Gateway.Lambda.Functions;
using Kumo.Gateway.Lambda.FunctionUrls;
using Kumo.Gateway.Lambda.Invoke;
using Kumo.Gateway.Lambda.Tags;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda;

/// <summary>
/// The AWS Lambda REST API (<c>2015-03-31</c> paths and their later siblings) on Kumo's port. Single-user mode:
/// every request acts for <see cref="Kumo.Abstractions.Functions.Tenants.Default"/>, signed or not.
/// </summary>
internal static class LambdaApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var lambda = endpoints.MapGroup("");
        lambda.AddEndpointFilter<LambdaErrorFilter>();

        CreateFunctionEndpoint.Map(lambda);
        GetFunctionEndpoints.Map(lambda);
        UpdateFunctionCodeEndpoint.Map(lambda);
        UpdateFunctionConfigurationEndpoint.Map(lambda);
        DeleteFunctionEndpoint.Map(lambda);
        ListFunctionsEndpoint.Map(lambda);
        InvokeEndpoint.Map(lambda);
        ResponseStreaming.InvokeWithResponseStreamEndpoint.Map(lambda);
        ConcurrencyEndpoints.Map(lambda);
        ProvisionedConcurrencyEndpoints.Map(lambda);
        AccountSettingsEndpoint.Map(lambda);
        TagsEndpoints.Map(lambda);
        EventInvokeConfigEndpoints.Map(lambda);
        FunctionUrlEndpoints.Map(lambda);
        UnknownOperationEndpoint.Map(lambda);
    }
}
