using System.Net;
using System.Net.Sockets;

namespace Kumo.Init;

/// <summary>
/// Accepts the runtime's HTTP connections on 127.0.0.1:9001 inside the sandbox and pipes each, byte for byte,
/// to the worker's Unix socket, which is bind-mounted into the sandbox. The sandbox has no network beyond
/// loopback; the worker serves the Runtime API itself.
/// </summary>
internal sealed class RuntimeApiRelay(IPEndPoint listen, string workerSocket) : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public void Start()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(listen);
        _listener.Listen(64);
        _ = Task.Run(AcceptLoopAsync);
    }

    public void Dispose() => _listener.Dispose();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                await Console.Error.WriteLineAsync($"kumo-init: accept failed: {e.Message}");
                continue;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var worker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                client.NoDelay = true;
                await worker.ConnectAsync(new UnixDomainSocketEndPoint(workerSocket));
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var workerStream = new NetworkStream(worker, ownsSocket: false);
                var up = PumpAsync(clientStream, worker, workerStream);
                var down = PumpAsync(workerStream, client, clientStream);
                await Task.WhenAny(up, down);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // One side went away; the other is closed with it.
            }
        }
    }

    /// <summary>Copies until the source ends, then half-closes the destination so the peer sees the end too.</summary>
    private static async Task PumpAsync(NetworkStream from, Socket toSocket, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            toSocket.Close();
        }
    }
}
