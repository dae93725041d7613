using Kumo.Gateway;
using Kumo.Gateway.Lifecycle;
using Kumo.Invocation;
using Kumo.Sandbox;
using Kumo.Server.Configuration;
using Kumo.Server.DataDirectory;
using Kumo.Server.Startup;
using Kumo.Server.Tls;
using Kumo.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Kumo.Server;

/// <summary>
/// Starts a Kumo server: the whole platform in this process, on one port (and on an HTTPS port beside it when
/// asked) — and on the gateway socket, through which functions in sandboxes call the same APIs.
/// </summary>
public static class KumoServer
{
    /// <summary>
    /// Locks the data directory, starts listening and begins the platform's start-up steps; <c>/healthz</c>
    /// answers 503 until they finish.
    /// </summary>
    /// <param name="configuration">The validated settings (their <see cref="ServerConfiguration.Problems"/> must be empty).</param>
    /// <param name="configureServices">Adds or replaces services; for tests and embedding.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="KumoStartupException">The data directory or the address cannot be used.</exception>
    public static async Task<RunningServer> StartAsync(
        ServerConfiguration configuration,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.Problems.Count > 0)
        {
            throw new ArgumentException("the configuration has problems: " + string.Join("; ", configuration.Problems), nameof(configuration));
        }

        var options = configuration.Options;
        var dataDirectory = options.DataDirectoryFullPath;
        var dataLock = DataDirectoryLock.Acquire(dataDirectory);
        var gateway = new Kumo.Gateway.GatewayOptions { Port = options.Port };
        WebApplication? app = null;
        ServerCertificate? certificate = null;
        try
        {
            try
            {
                certificate = options.Tls is { } tls
                    ? ServerCertificate.For(tls, dataDirectory, CertificateNames.For(gateway, options.Functions.Region, options.BindAddress), TimeProvider.System.GetUtcNow())
                    : null;
                app = Build(configuration, dataDirectory, gateway, certificate, configureServices);
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    throw CannotListen(options, e);
                }
            }
            catch (SandboxException e)
            {
                // The server's endpoints include the sandboxes' gateway socket, which lives in the data directory.
                throw new KumoStartupException(e.Message, e);
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var endpoint = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
            var https = certificate is null
                ? null
                : new HttpsEndpoint(
                    addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)),
                    certificate.CertificateFile,
                    certificate.Fingerprint,
                    new DateTimeOffset(certificate.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                    certificate.Description);
            var identity = app.Services.GetRequiredService<ServerIdentity>();
            identity.Endpoint = endpoint;
            identity.HttpsEndpoint = https?.Address;
            new ServerInfoFile(Environment.ProcessId, endpoint, identity.Version, identity.StartedAt, https?.Address).WriteTo(dataDirectory);
            return new RunningServer(app, dataLock, endpoint, options.DrainTimeout, https, certificate);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            certificate?.Dispose();
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>The failure to bind the main port or the HTTPS port, naming the one that failed (Kestrel's message holds its address).</summary>
    private static KumoStartupException CannotListen(ServerOptions options, Exception e)
    {
        var reason = e.InnerException?.Message ?? e.Message;
        if (options.Tls is { } tls && e.Message.Contains("https://", StringComparison.Ordinal))
        {
            return new KumoStartupException(
                $"cannot listen for HTTPS on {options.Bind}:{tls.Port}: {reason}. Stop whatever uses it, " +
                $"or choose another port with {ServerSetting.TlsPort.Flag} / {ServerSetting.TlsPort.EnvironmentVariable}.", e);
        }

        return new KumoStartupException(
            $"cannot listen on {options.Bind}:{options.Port}: {reason}. Stop whatever uses it, " +
            $"or choose another address with {ServerSetting.Port.Flag} / {ServerSetting.Port.EnvironmentVariable} " +
            $"or {ServerSetting.Bind.Flag} / {ServerSetting.Bind.EnvironmentVariable}.", e);
    }

    private static WebApplication Build(
        ServerConfiguration configuration, string dataDirectory, Kumo.Gateway.GatewayOptions gateway, ServerCertificate? certificate, Action<IServiceCollection>? configureServices)
    {
        var options = configuration.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Kumo",
            // Not the current directory: an unrelated appsettings.json there must not change the server.
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddConfiguration(configuration.Configuration);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        // The silo recommends server GC; on a small machine that shares its cores with sandboxes, workstation GC is the better fit.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        // The host logs a failed start with its stack trace; Kumo reports that failure itself, in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.Port);
            if (certificate is not null)
            {
                // TLS lets ALPN choose the protocol per connection: HTTP/2 for clients that offer it, HTTP/1.1 for the rest.
                kestrel.Listen(options.BindAddress, options.Tls!.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate.Certificate,
                        ServerCertificateChain = certificate.Chain,
                    });
                });
            }
        });

        // Per-function coordinators are Orleans grains: one silo in this process, reached only from inside it.
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: SiloPort.Free(), gatewayPort: 0, serviceId: "kumo", clusterId: "kumo-local");
            // A coordinator's counts and keep-alive history live in memory: it must outlive its idle sandboxes, the adaptive
            // keep-alive's range and its longest invocation, or a collected one would forget them.
            silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = options.Functions.CoordinatorLifetime);
        });

        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PlatformLifecycle>();
        services.AddSingleton(new ServerIdentity(dataDirectory, DateTimeOffset.UtcNow));
        services.AddSingleton<StartupFailure>();
        services.AddKumoEmbeddedStorage(dataDirectory);
        services.AddKumoSandboxes(dataDirectory);
        // Functions call the same APIs from their sandboxes: kumo-init relays their 127.0.0.1:9002 to the gateway socket.
        services.AddKumoSandboxGateway();
        services.AddKumoInvocation(dataDirectory, options.Functions);
        services.AddKumoGateway(gateway);
        services.AddHostedService<PlatformStartup>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseKumoS3();
        app.UseKumoWebsites();
        app.UseKumoHttpFunctions();
        app.UseKumoSandboxCallerLimits();
        app.MapKumoGateway();
        var lifecycle = app.Services.GetRequiredService<PlatformLifecycle>();
        app.Lifetime.ApplicationStopping.Register(lifecycle.MarkStopping);
        return app;
    }
}
