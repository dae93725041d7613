using System.Diagnostics;
using System.Globalization;
using Kumo.Bench.Load.Machine;

namespace Kumo.Bench.Load.Bare;

/// <summary>
/// A bare HTTP server running the benchmark's handler with no platform: Node's <c>http</c> module (one process, or
/// one per CPU with <c>node:cluster</c>) or a Kestrel minimal API. It prints <c>listening PORT</c> when ready.
/// </summary>
internal sealed class BareHttpServer : IAsyncDisposable
{
    private readonly Process _process;

    private BareHttpServer(Process process, string label, Uri url)
    {
        _process = process;
        Label = label;
        Url = url;
    }

    public string Label { get; }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static Task<BareHttpServer> NodeAsync(BenchPaths paths, int workers) =>
        StartAsync(workers > 1 ? string.Create(CultureInfo.InvariantCulture, $"bare Node http ({workers} workers)") : "bare Node http",
            ["/usr/bin/node", paths.Functions("node/server.mjs"), paths.Functions("node"), workers.ToString(CultureInfo.InvariantCulture)]);

    public static Task<BareHttpServer> KestrelAsync(BenchPaths paths) =>
        StartAsync("bare Kestrel", ["/usr/share/dotnet/dotnet", paths.Built("Kumo.Bench.Kestrel", "Kumo.Bench.Kestrel.dll")]);

    private static async Task<BareHttpServer> StartAsync(string label, string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{label} did not start: {line} {await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
        }

        Affinity.PinServer(process.Id);
        var port = int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture);
        return new BareHttpServer(process, label, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
