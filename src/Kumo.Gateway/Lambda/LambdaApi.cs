using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda;

/// <summary>The AWS Lambda REST API (<c>2015-03-31</c> paths and their later siblings) on Kumo's port.</summary>
internal static class LambdaApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
    }
}
