using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Kumo.Server.Tests.Functions;

/// <summary>
/// Notes every request that reaches the server's pipeline through the gateway socket — the ones functions send
/// from their sandboxes — ahead of the pipeline itself; requests on the TCP port are left alone.
/// </summary>
internal sealed class GatewayRequests : IStartupFilter
{
    public ConcurrentQueue<GatewayRequest> Seen { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            // A Unix socket has no IP addresses.
            if (context.Connection.LocalIpAddress is null)
            {
                var request = context.Request;
                Seen.Enqueue(new GatewayRequest(
                    request.Method,
                    request.Path.Value ?? "",
                    request.Host.Value ?? "",
                    request.Headers.TryGetValue("X-Amzn-Trace-Id", out var trace) ? trace.ToString() : null,
                    request.Headers.Authorization.ToString()));
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}
