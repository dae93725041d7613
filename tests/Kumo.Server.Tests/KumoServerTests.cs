using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kumo.Abstractions.Lifecycle;
using Kumo.Abstractions.Status;
using Kumo.Gateway.Lifecycle;
using Kumo.Server.Configuration;
using Kumo.Server.DataDirectory;
using Kumo.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class KumoServerTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Healthz_WhileAStartupStepRuns_Answers503ThenReadyWhenItEnds()
    {
        var step = new GatedStep("warming test pools");
        await using var server = await TestServers.StartAsync(_data, s => s.AddSingleton<IStartupStep>(step));
        using var http = TestServers.ClientFor(server);
        await step.Entered.Task.WaitAsync(Poll.DefaultDeadline);

        var (starting, startingBody) = await GetJsonAsync(http, "/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting);
        Assert.Equal("starting", startingBody.GetProperty("status").GetString());
        Assert.Equal("warming test pools", startingBody.GetProperty("reason").GetString());

        step.Release.SetResult();
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "/healthz to answer 200");
        var (_, readyBody) = await GetJsonAsync(http, "/healthz");
        Assert.Equal("ready", readyBody.GetProperty("status").GetString());
        Assert.False(readyBody.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Status_WhenReady_DescribesTheServerAndItsStorage()
    {
        await using var server = await TestServers.StartAsync(_data);
        using var http = TestServers.ClientFor(server);
        await Poll.UntilAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "readiness");

        var (code, status) = await GetJsonAsync(http, "/_kumo/v1/status");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("ready", status.GetProperty("state").GetString());
        Assert.Equal(server.Endpoint, status.GetProperty("endpoint").GetString());
        Assert.Equal(_data.Path, status.GetProperty("dataDirectory").GetString());
        Assert.Matches("^[0-9a-f]{32}$", status.GetProperty("installationId").GetString());
        Assert.Equal("sqlite", status.GetProperty("storage").GetProperty("backend").GetString());
        Assert.Equal(Environment.ProcessId, status.GetProperty("processId").GetInt32());
    }

    [Fact]
    public async Task UnknownPath_Answers404NamingMethodAndPath()
    {
        await using var server = await TestServers.StartAsync(_data);
        using var http = TestServers.ClientFor(server);

        var (code, body) = await GetJsonAsync(http, "/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", body.GetProperty("code").GetString());
        Assert.Contains("GET /no/such/thing", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingStartupStep_StopsTheServerAndKeepsTheReason()
    {
        var server = await TestServers.StartAsync(_data, s => s.AddSingleton<IStartupStep>(new FailingStep()));

        await server.WaitForShutdownAsync().WaitAsync(Poll.DefaultDeadline);
        await server.DisposeAsync();

        Assert.Equal("start-up failed at 'check the sandbox driver': runc is not installed", server.StartupFailure);
        using var again = DataDirectoryLock.Acquire(_data.Path);
    }

    [Fact]
    public async Task StartAsync_PortInUse_FailsClearlyAndReleasesTheDataDirectory()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<KumoStartupException>(() => KumoServer.StartAsync(TestServers.Configuration(_data, port)));

        Assert.StartsWith($"cannot listen on 127.0.0.1:{port}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("--port", error.Message, StringComparison.Ordinal);
        using var again = DataDirectoryLock.Acquire(_data.Path);
    }

    [Fact]
    public async Task StartAsync_DataDirectoryTooLongForTheSandboxesSockets_FailsClearlyAndReleasesIt()
    {
        var deep = new TempDirectory();
        try
        {
            var data = new DirectoryInfo(deep.Combine(new string('d', 100)));
            data.Create();
            var configuration = ServerConfiguration.Load(
                settingsFile: null,
                new Dictionary<ServerSetting, string> { [ServerSetting.Port] = "0", [ServerSetting.DataDir] = data.FullName },
                _ => null,
                data.FullName);

            var error = await Assert.ThrowsAsync<KumoStartupException>(() => KumoServer.StartAsync(configuration));

            Assert.Contains("too long for the sandboxes' sockets", error.Message, StringComparison.Ordinal);
            Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
            using var again = DataDirectoryLock.Acquire(data.FullName);
        }
        finally
        {
            deep.Dispose();
        }
    }

    [Fact]
    public async Task SecondServer_SameDataDirectory_IsRefusedWhileTheFirstRuns()
    {
        await using var first = await TestServers.StartAsync(_data);

        var error = await Assert.ThrowsAsync<KumoStartupException>(() => TestServers.StartAsync(_data));

        Assert.Contains($"pid {Environment.ProcessId}, at {first.Endpoint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesLockListenerAndServerFile()
    {
        var server = await TestServers.StartAsync(_data);
        var endpoint = new Uri(server.Endpoint);
        Assert.True(File.Exists(ServerInfoFile.PathIn(_data.Path)));

        await server.DisposeAsync();

        Assert.False(File.Exists(ServerInfoFile.PathIn(_data.Path)));
        using (DataDirectoryLock.Acquire(_data.Path))
        {
        }

        using var probe = new TcpListener(IPAddress.Loopback, endpoint.Port);
        probe.Start();
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_FinishesBeforeTheServerStops()
    {
        var slow = new SlowEndpoint();
        var server = await TestServers.StartAsync(_data, slow.Register);
        using var http = TestServers.ClientFor(server);
        var request = http.GetAsync(SlowEndpoint.Path);
        await slow.Entered.Task.WaitAsync(Poll.DefaultDeadline);

        var stop = server.StopAsync();
        Assert.False(stop.IsCompleted);
        Assert.Equal(PlatformState.Stopping, server.Services.GetRequiredService<PlatformLifecycle>().State);
        slow.Release.SetResult();

        using var response = await request.WaitAsync(Poll.DefaultDeadline);
        Assert.Equal("finished", await response.Content.ReadAsStringAsync());
        await stop.WaitAsync(Poll.DefaultDeadline);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_RequestOutlivesTheDrainTimeout_IsCutOffAndTheServerStops()
    {
        var slow = new SlowEndpoint();
        var server = await TestServers.StartAsync(_data, slow.Register, drainSeconds: 1);
        using var http = TestServers.ClientFor(server);
        var request = http.GetAsync(SlowEndpoint.Path);
        await slow.Entered.Task.WaitAsync(Poll.DefaultDeadline);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync().WaitAsync(Poll.DefaultDeadline);
        await server.DisposeAsync();

        // The request never ends by itself: only the 1 s drain timeout can have stopped the server, long before
        // the 30 s default or the test's own deadline.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the stop took {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request.WaitAsync(Poll.DefaultDeadline));
    }

    [Fact]
    public async Task StopNow_DuringADrain_CutsInFlightWorkOffAtOnce()
    {
        var slow = new SlowEndpoint();
        var server = await TestServers.StartAsync(_data, slow.Register, drainSeconds: 3600);
        using var http = TestServers.ClientFor(server);
        var request = http.GetAsync(SlowEndpoint.Path);
        await slow.Entered.Task.WaitAsync(Poll.DefaultDeadline);
        var stop = server.StopAsync();

        server.StopNow();

        await stop.WaitAsync(Poll.DefaultDeadline);
        await server.DisposeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request.WaitAsync(Poll.DefaultDeadline));
    }

    private sealed class GatedStep(string name) : IStartupStep
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Entered.SetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class FailingStep : IStartupStep
    {
        public string Name => "check the sandbox driver";

        public Task RunAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("runc is not installed");
    }

    /// <summary>An endpoint that holds a request until released, standing in for a long invocation.</summary>
    private sealed class SlowEndpoint : IStartupFilter
    {
        public const string Path = "/test/slow";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter>(this);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != Path)
                {
                    await nextMiddleware(context);
                    return;
                }

                Entered.TrySetResult();
                await Release.Task.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync("finished", context.RequestAborted);
            });
            next(app);
        };
    }
}
