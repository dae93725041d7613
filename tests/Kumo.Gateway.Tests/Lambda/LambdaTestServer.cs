using System.Net;
using System.Net.Sockets;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Http;
using Kumo.Abstractions.Invocations;
using Kumo.Gateway.Lambda;
using Kumo.Gateway.Tests.Lambda.Concurrency;
using Kumo.Gateway.Tests.Lambda.EventInvokeConfig;
using Kumo.Gateway.Tests.Lambda.FunctionUrls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>
/// A real Kestrel on a free loopback port serving the Lambda API over in-memory fakes, with the gateway's
/// catch-all 404 behind it as in the server.
/// </summary>
internal sealed class LambdaTestServer : IAsyncDisposable
{
    public static readonly PlatformRegion Region = new("us-east-1", "123456789012");

    private readonly WebApplication _app;

    private LambdaTestServer(WebApplication app, Uri address, FakeFunctionCatalog catalog, FakeInvoker invoker, ManualClock clock)
    {
        _app = app;
        Address = address;
        Catalog = catalog;
        Invoker = invoker;
        Clock = clock;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public FakeFunctionCatalog Catalog { get; }

    public FakeInvoker Invoker { get; }

    public FakeEventInvoker Events { get; } = new();

    public FakeEventInvokeConfigs EventInvokeConfigs { get; } = new();

    public FakeFunctionUrlStore FunctionUrls { get; } = new();

    public FakeProvisionedConcurrencyStore ProvisionedConcurrency { get; } = new();

    public FakeProvisionedConcurrencySignal ProvisionedConcurrencySignal { get; } = new();

    /// <summary>The clock the endpoints read; it starts at <see cref="FakeFunctionCatalog.Now"/>.</summary>
    public ManualClock Clock { get; }

    public static async Task<LambdaTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var catalog = new FakeFunctionCatalog();
        var invoker = new FakeInvoker();
        var clock = new ManualClock(FakeFunctionCatalog.Now);
        builder.Services.AddSingleton<IFunctionCatalog>(catalog);
        builder.Services.AddSingleton<IInvoker>(invoker);
        builder.Services.AddSingleton<IStreamingInvoker>(invoker);
        LambdaTestServer? server = null;
        builder.Services.AddSingleton<IEventInvoker>(_ => server!.Events);
        builder.Services.AddSingleton<IEventInvokeConfigs>(_ => server!.EventInvokeConfigs);
        builder.Services.AddSingleton<IFunctionUrlStore>(_ => server!.FunctionUrls);
        builder.Services.AddSingleton<IProvisionedConcurrencyStore>(_ => server!.ProvisionedConcurrency);
        builder.Services.AddSingleton<IProvisionedConcurrencySignal>(_ => server!.ProvisionedConcurrencySignal);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new GatewayOptions());
        builder.Services.AddSingleton(Region);
        var app = builder.Build();
        LambdaApi.Map(app);
        NotFoundEndpoint.Map(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new LambdaTestServer(app, new Uri(address), catalog, invoker, clock);
        return server;
    }

    /// <summary>Whether anything still accepts connections on the server's port.</summary>
    public async Task<bool> IsListeningAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, Address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
