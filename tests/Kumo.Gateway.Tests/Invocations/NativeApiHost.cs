using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Kumo.Abstractions;
using Kumo.Abstractions.Events;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Invocations;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.Invocations;

/// <summary>The native invocations API on a real Kestrel at a free port, over in-memory functions and records.</summary>
internal sealed class NativeApiHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private NativeApiHost(WebApplication app, InMemoryFunctionCatalog functions, InMemoryInvocationStore invocations, Uri endpoint)
    {
        _app = app;
        Functions = functions;
        Invocations = invocations;
        Endpoint = endpoint;
        Client = new HttpClient { BaseAddress = endpoint };
    }

    public InMemoryFunctionCatalog Functions { get; }

    public InMemoryInvocationStore Invocations { get; }

    public InMemoryEventQueue Events => (InMemoryEventQueue)_app.Services.GetRequiredService<IEventQueue>();

    public PlatformLifecycle Lifecycle => _app.Services.GetRequiredService<PlatformLifecycle>();

    public Uri Endpoint { get; }

    public HttpClient Client { get; }

    public static async Task<NativeApiHost> StartAsync(bool ready = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var time = new FixedTimeProvider(Now);
        var invocations = new InMemoryInvocationStore(time);
        var functions = new InMemoryFunctionCatalog();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<PlatformLifecycle>();
        builder.Services.AddSingleton<IInvocationStore>(invocations);
        builder.Services.AddSingleton<IEventQueue>(new InMemoryEventQueue());
        builder.Services.AddSingleton<IFunctionCatalog>(functions);
        var app = builder.Build();
        InvocationsApi.Map(app);
        await app.StartAsync();
        if (ready)
        {
            app.Services.GetRequiredService<PlatformLifecycle>().MarkReady();
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NativeApiHost(app, functions, invocations, new Uri(address));
    }

    /// <summary>GETs a path that must answer 200, and reads its JSON.</summary>
    public async Task<T> GetAsync<T>(string pathAndQuery, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await Client.GetAsync(pathAndQuery);
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(type))!;
    }

    /// <summary>GETs a path that must fail with <paramref name="status"/>, and reads its <see cref="ApiError"/>.</summary>
    public async Task<ApiError> GetErrorAsync(string pathAndQuery, HttpStatusCode status)
    {
        using var response = await Client.GetAsync(pathAndQuery);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync(KumoJsonContext.Default.ApiError))!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Nothing may be left listening.
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(Endpoint.Host, Endpoint.Port));
    }
}
