using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Kumo.Testing;

namespace Kumo.Sandbox.Tests;

/// <summary>
/// A stand-in for a host outside the machine: a network namespace of the test's own, joined to the host by a
/// veth pair, with a small HTTP server in it. Sandboxes with outbound network can reach it; nothing leaves
/// the machine. Disposal removes the server, the namespace and the link.
/// </summary>
public sealed class TestHost
{
    private readonly string _name = "kumo-t-" + Guid.NewGuid().ToString("N")[..6];
    private readonly int _subnet = Random.Shared.Next(1, 250);
    private Process? _server;

    public string Address => $"10.251.{_subnet.ToString(CultureInfo.InvariantCulture)}.2";

    public int Port => 8080;

    private string HostSide => _name[..Math.Min(_name.Length, 12)] + "h";

    public async Task InitializeAsync()
    {
        var hostAddress = $"10.251.{_subnet.ToString(CultureInfo.InvariantCulture)}.1/30";
        await RunAsync("ip", "netns", "add", _name);
        await RunAsync("ip", "link", "add", HostSide, "type", "veth", "peer", "name", "eth0", "netns", _name);
        await RunAsync("ip", "addr", "add", hostAddress, "dev", HostSide);
        await RunAsync("ip", "link", "set", HostSide, "up");
        await RunAsync("ip", "netns", "exec", _name, "ip", "addr", "add", Address + "/30", "dev", "eth0");
        await RunAsync("ip", "netns", "exec", _name, "ip", "link", "set", "eth0", "up");
        await RunAsync("ip", "netns", "exec", _name, "ip", "link", "set", "lo", "up");
        _server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", _name, "/usr/bin/python3.11", "-m", "http.server", Port.ToString(CultureInfo.InvariantCulture), "--bind", Address])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = _server.StandardOutput.ReadToEndAsync();
        _ = _server.StandardError.ReadToEndAsync();
        await Poll.UntilAsync(
            async () =>
            {
                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync(Address, Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            "the test host's HTTP server");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
            _server.Dispose();
        }

        // Deleting one end of a veth pair deletes both; a link already gone is what this wants (the checks below).
        if (Directory.Exists($"/sys/class/net/{HostSide}"))
        {
            await RunAsync("ip", "link", "del", HostSide);
        }

        await RunAsync("ip", "netns", "del", _name);
        Assert.False(Directory.Exists($"/sys/class/net/{HostSide}"), "the test host's link remains");
        Assert.False(File.Exists($"/run/netns/{_name}"), "the test host's namespace remains");
    }

    private static async Task RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
