using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Invocations;

/// <summary>The native API for functions, invocation records and logs, under <c>/_kumo/v1</c>.</summary>
internal static class InvocationsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
    }
}
