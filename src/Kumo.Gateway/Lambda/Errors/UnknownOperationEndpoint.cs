using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Errors;

/// <summary>Answers any other request under a Lambda API version with a Lambda-shaped 404 <c>UnknownOperationException</c>.</summary>
internal static class UnknownOperationEndpoint
{
    /// <summary>The path prefixes of the Lambda API, one per API version that introduced operations.</summary>
    private static readonly string[] ApiVersions =
    [
        "2014-11-13", "2015-03-31", "2016-08-19", "2017-03-31", "2017-10-31", "2018-10-31", "2019-09-25",
        "2019-09-30", "2020-04-22", "2020-06-30", "2021-07-20", "2021-10-31", "2021-11-15", "2024-08-31", "2025-11-30", "2025-12-01",
    ];

    public static void Map(IEndpointRouteBuilder lambda)
    {
        foreach (var version in ApiVersions)
        {
            lambda.MapFallback($"/{version}/{{**rest}}", Answer).WithName($"Lambda.UnknownOperation.{version}");
        }
    }

    private static LambdaError Answer(HttpContext context) =>
        LambdaErrors.UnknownOperation(context.Request.Method, context.Request.Path.ToString());
}
