using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Kumo.Abstractions;
using Kumo.Server;
using Kumo.Server.Configuration;
using Kumo.Server.Tls;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo up</c>: runs the whole platform in this process until SIGINT or SIGTERM.</summary>
internal static class UpCommand
{
    public static Command Create(CliConsole console)
    {
        var settingsFile = new Option<string?>("--config")
        {
            Description = $"A JSON settings file, appsettings-style [env: {ServerConfiguration.SettingsFileVariable}] " +
                $"[default: ./{ServerConfiguration.DefaultSettingsFile} when it exists]",
            HelpName = "FILE",
        };
        var flags = new Dictionary<ServerSetting, Option<string?>>
        {
            [ServerSetting.Port] = Flag(ServerSetting.Port, "PORT", $"The port to listen on; 0 picks a free one [default: {ServerOptions.DefaultPort}]"),
            [ServerSetting.Bind] = Flag(ServerSetting.Bind, "ADDRESS", "The address to listen on [default: 127.0.0.1]"),
            [ServerSetting.TlsPort] = Flag(ServerSetting.TlsPort, "PORT", "An HTTPS port beside the main one, serving HTTP/2 and HTTP/1.1; 0 picks a free one [default: none]"),
            [ServerSetting.TlsCert] = Flag(ServerSetting.TlsCert, "FILE", "The HTTPS port's certificate, PEM [default: a self-signed one Kumo keeps in DIR/tls]"),
            [ServerSetting.TlsKey] = Flag(ServerSetting.TlsKey, "FILE", "The private key of --tls-cert, PEM, unencrypted"),
            [ServerSetting.DataDir] = Flag(ServerSetting.DataDir, "DIR", "Where Kumo keeps its data [default: ./.kumo]"),
            [ServerSetting.DrainTimeout] = Flag(ServerSetting.DrainTimeout, "SECONDS", "How long a stop waits for in-flight work [default: 30]"),
            [ServerSetting.Region] = Flag(ServerSetting.Region, "REGION", "The region shown in function ARNs [default: us-east-1]"),
            [ServerSetting.AccountId] = Flag(ServerSetting.AccountId, "ID", "The 12-digit account id shown in function ARNs [default: 000000000000]"),
            [ServerSetting.IdleTimeout] = Flag(ServerSetting.IdleTimeout, "SECONDS", "How long an idle sandbox is kept warm before it is removed [default: 600]"),
            [ServerSetting.KeepAlive] = Flag(ServerSetting.KeepAlive, "POLICY",
                "How idle sandboxes of functions without their own setting are kept: fixed (for --idle-timeout) or adaptive (learn each function's idle times, unload early, pre-warm before the next call) [default: fixed]"),
            [ServerSetting.Prewarm] = Flag(ServerSetting.Prewarm, "on|off",
                "Keep pools of pre-warmed sandboxes that cold invocations specialise instead of starting one (within 20% of the memory budget) [default: on]"),
            [ServerSetting.MaxConcurrency] = Flag(ServerSetting.MaxConcurrency, "N", "How many invocations may run at once [default: 1000]"),
            [ServerSetting.MemoryBudget] = Flag(ServerSetting.MemoryBudget, "MB", "The memory all sandboxes together may be sized to; 0: 3/4 of the machine's [default: 0]"),
            [ServerSetting.BillingGranularity] = Flag(ServerSetting.BillingGranularity, "MS", "Billed durations are rounded up to a multiple of this [default: 1]"),
            [ServerSetting.RecordRetention] = Flag(ServerSetting.RecordRetention, "HOURS", "How long invocation records and logs are kept [default: 168]"),
            [ServerSetting.MaxPackageZipped] = Flag(ServerSetting.MaxPackageZipped, "MB", "The largest code package accepted, zipped, 1–50 [default: 50]"),
            [ServerSetting.EventPayloadLimit] = Flag(ServerSetting.EventPayloadLimit, "KB", "The largest asynchronous event, 1–6144 [default: 1024]"),
            [ServerSetting.EventRetryDelay] = Flag(ServerSetting.EventRetryDelay, "SECONDS", "The delay before a failed asynchronous invocation's first retry; doubled for the next [default: 60]"),
            [ServerSetting.MaxPackageUnzipped] = Flag(ServerSetting.MaxPackageUnzipped, "MB", "The largest code package accepted, unzipped [default: 250]"),
        };

        var command = new Command("up", "Start the Kumo platform on this machine and run it until Ctrl+C or SIGTERM");
        command.Options.Add(settingsFile);
        foreach (var flag in flags.Values)
        {
            command.Options.Add(flag);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var given = flags
                .Select(f => (f.Key, Value: parse.GetValue(f.Value)))
                .Where(f => f.Value is not null)
                .ToDictionary(f => f.Key, f => f.Value!);
            var configuration = ServerConfiguration.Load(
                parse.GetValue(settingsFile), given, Environment.GetEnvironmentVariable, Environment.CurrentDirectory);
            return RunAsync(configuration, console, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(ServerConfiguration configuration, CliConsole console, CancellationToken cancellationToken)
    {
        if (configuration.Problems.Count > 0)
        {
            foreach (var problem in configuration.Problems)
            {
                console.Fail(problem);
            }

            return ExitCodes.Usage;
        }

        var options = configuration.Options;
        if (!IPAddress.IsLoopback(options.BindAddress))
        {
            console.Warn($"listening on {options.Bind}, beyond this machine; Kumo has no authentication yet, so anyone who reaches this address can use it");
        }

        RunningServer server;
        try
        {
            server = await KumoServer.StartAsync(configuration, cancellationToken: cancellationToken);
        }
        catch (KumoStartupException e)
        {
            console.Fail(e.Message);
            return ExitCodes.Failure;
        }

        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            // The first signal is the host's: it drains. A second one cuts the drain short; sandboxes are still removed.
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) >= 2)
            {
                console.Warn("stopping now, without waiting for in-flight work");
                server.StopNow();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await using (server)
            {
                console.Line($"[bold]Kumo[/] {Markup.Escape(KumoVersion.Short)} is listening on [bold]{Markup.Escape(server.Endpoint)}[/]");
                if (server.Https is { } https)
                {
                    ShowHttps(https, console);
                }

                console.Line($"  data       {Markup.Escape(server.DataDirectory)}");
                if (configuration.SettingsFile is { } file)
                {
                    console.Line($"  settings   {Markup.Escape(file)}");
                }

                console.Line(InheritedSignals.IsIgnored(InheritedSignals.Interrupt)
                    ? $"  [dim]This process was started with SIGINT ignored (in the background by a script?), so Ctrl+C does not reach it: stop it with SIGTERM (kill {Environment.ProcessId}).[/]"
                    : "  [dim]Press Ctrl+C to stop (twice to stop without waiting for in-flight work).[/]");
                await server.WaitForShutdownAsync();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            console.Fail($"Kumo did not stop cleanly: {e.Message}. The next start removes whatever was left behind.");
            return ExitCodes.Failure;
        }

        if (server.StartupFailure is { } failure)
        {
            console.Fail(failure);
            return ExitCodes.Failure;
        }

        console.Line("Kumo stopped.");
        return ExitCodes.Success;
    }

    /// <summary>Shows the HTTPS address and the certificate a client must trust for it, with its fingerprint to compare.</summary>
    private static void ShowHttps(HttpsEndpoint https, CliConsole console)
    {
        console.Line($"  https      [bold]{Markup.Escape(https.Address)}[/] (HTTP/2 and HTTP/1.1)");
        console.Line($"  cert       {Markup.Escape(https.CertificateFile)} ({Markup.Escape(https.Description)})");
        console.Line($"  sha-256    {Markup.Escape(https.Fingerprint)}");
        var until = https.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (https.NotAfter <= DateTimeOffset.UtcNow)
        {
            console.Warn($"the HTTPS certificate expired on {until}: clients will refuse it. Give a current one with {ServerSetting.TlsCert.Flag} and {ServerSetting.TlsKey.Flag}");
        }
    }

    private static Option<string?> Flag(ServerSetting setting, string helpName, string description) =>
        new(setting.Flag)
        {
            Description = $"{description} [env: {setting.EnvironmentVariable}]",
            HelpName = helpName,
        };
}
