using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.Http.Auth;

/// <summary>A real Kestrel on a free loopback port that serves <see cref="Jwks"/> at <c>/jwks.json</c> and counts the fetches.</summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private JwksServer(WebApplication app, string jwks)
    {
        _app = app;
        Jwks = jwks;
    }

    public string Jwks { get; set; }

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Url { get; private set; } = "";

    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<JwksServer> StartAsync(string jwks)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new JwksServer(app, jwks);
        app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref server._fetches);
            return server.Status == StatusCodes.Status200OK
                ? Results.Text(server.Jwks, "application/json")
                : Results.StatusCode(server.Status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = $"{address}/jwks.json";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
