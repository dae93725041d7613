using Kumo.Server.DataDirectory;
using Kumo.Server.Startup;
using Kumo.Server.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Server;

/// <summary>
/// A Kumo server that listens. Stop it with a signal (SIGINT, SIGTERM) or <see cref="StopAsync"/>; dispose it to
/// release everything it holds: listener, storage, the data directory's lock.
/// </summary>
public sealed partial class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DataDirectoryLock _lock;
    private readonly StartupFailure _failure;
    private readonly ServerCertificate? _certificate;
    private readonly ILogger<RunningServer> _logger;
    private readonly Lazy<Task> _stop;
    private readonly CancellationTokenSource _stopNow = new();
    private bool _disposed;

    internal RunningServer(
        WebApplication app, DataDirectoryLock dataLock, string endpoint, TimeSpan drainTimeout, HttpsEndpoint? https = null, ServerCertificate? certificate = null)
    {
        _app = app;
        _lock = dataLock;
        _certificate = certificate;
        Endpoint = endpoint;
        Https = https;
        DrainTimeout = drainTimeout;
        _failure = app.Services.GetRequiredService<StartupFailure>();
        _logger = app.Services.GetRequiredService<ILogger<RunningServer>>();
        _stop = new Lazy<Task>(StopCoreAsync);
    }

    /// <summary>The address the server listens on, such as <c>http://127.0.0.1:7070</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The HTTPS port (HTTP/2 and HTTP/1.1) and its certificate; null unless it was asked for.</summary>
    public HttpsEndpoint? Https { get; }

    /// <summary>The absolute path of the data directory.</summary>
    public string DataDirectory => _lock.Directory;

    /// <summary>How long a stop waits for in-flight work.</summary>
    public TimeSpan DrainTimeout { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Why start-up failed after the server began listening, or null.</summary>
    public string? StartupFailure => _failure.Message;

    /// <summary>Completes once the server was asked to stop (by a signal, a failed start-up or <see cref="StopAsync"/>) and has stopped.</summary>
    public async Task WaitForShutdownAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        await _stop.Value;
    }

    /// <summary>Stops taking work, lets in-flight work finish for up to the drain timeout, then stops.</summary>
    public Task StopAsync()
    {
        _app.Lifetime.StopApplication();
        return _stop.Value;
    }

    /// <summary>
    /// Ends the drain at once: in-flight requests are cut off now instead of at the drain timeout. Sandboxes are
    /// still removed. For a second Ctrl+C.
    /// </summary>
    public void StopNow()
    {
        _app.Lifetime.StopApplication();
        _stopNow.Cancel();
    }

    /// <summary>Stops the server if it still runs and releases everything it holds, even when a step fails.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                // Disposing the services removes every sandbox, after the drain above.
                await _app.DisposeAsync();
            }
            finally
            {
                ServerInfoFile.DeleteFrom(DataDirectory);
                _certificate?.Dispose();
                _lock.Dispose();
                _stopNow.Dispose();
            }
        }
    }

    private async Task StopCoreAsync()
    {
        LogStopping(_logger, DrainTimeout.TotalSeconds);
        await _app.StopAsync(_stopNow.Token);
        LogStopped(_logger);
    }

    [LoggerMessage(EventId = EventIds.Stopping, Level = LogLevel.Information,
        Message = "Stopping: no new work; in-flight work has up to {Seconds} s to finish")]
    private static partial void LogStopping(ILogger logger, double seconds);

    [LoggerMessage(EventId = EventIds.Stopped, Level = LogLevel.Information, Message = "Stopped")]
    private static partial void LogStopped(ILogger logger);
}
