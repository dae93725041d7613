using System.Net.Sockets;

namespace Kumo.Init;

/// <summary>
/// Accepts connections on loopback addresses inside the sandbox and pipes each, byte for byte, to a Unix socket
/// of the host that is bind-mounted into the sandbox: the Runtime API (127.0.0.1:9001) and Kumo's own APIs
/// (127.0.0.1:9002). The sandbox has no network beyond loopback; the host serves both itself.
/// </summary>
/// <remarks>
/// One thread, started before the function runs, serves every listener and every connection with poll(2):
/// kumo-init must keep working when the function has used up the sandbox's process limit, so it never starts a
/// thread later. Each listener holds at most its route's number of connections, which also bounds kumo-init's
/// own file descriptors and buffers.
/// </remarks>
internal sealed class LoopbackRelay
{
    private const int BufferSize = 64 * 1024;

    private readonly List<Listener> _listeners = [];
    private readonly List<Connection> _connections = [];
    private bool _started;

    /// <summary>Binds <paramref name="route"/>'s address now, so that a failure is known before the runtime starts.</summary>
    public void Add(RelayRoute route)
    {
        if (_started)
        {
            throw new InvalidOperationException("routes are added before the relay starts");
        }

        var socket = new Socket(route.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(route.Listen);
            socket.Listen(64);
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException($"cannot listen on {route.Listen}: {e.Message}", e);
        }

        _listeners.Add(new Listener(socket, route));
    }

    /// <summary>Starts the one thread that relays every route.</summary>
    public void Start()
    {
        _started = true;
        new Thread(Run) { IsBackground = true, Name = "relay" }.Start();
    }

    private void Run()
    {
        var readable = new List<Socket>();
        var writable = new List<Socket>();
        while (true)
        {
            readable.Clear();
            writable.Clear();
            foreach (var listener in _listeners)
            {
                readable.Add(listener.Socket);
            }

            foreach (var connection in _connections)
            {
                connection.Watch(readable, writable);
            }

            Socket.Select(readable, writable, null, -1);
            foreach (var listener in _listeners)
            {
                if (readable.Remove(listener.Socket))
                {
                    try
                    {
                        Accept(listener);
                    }
                    catch (Exception e)
                    {
                        // This thread is the sandbox's only way to Kumo: nothing one connection does may end it.
                        Console.Error.WriteLine($"kumo-init: a connection to {listener.Route.Listen} failed: {e.Message}");
                    }
                }
            }

            foreach (var connection in _connections)
            {
                try
                {
                    connection.Pump(readable, writable);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"kumo-init: a relayed connection failed and was closed: {e.Message}");
                    connection.Close();
                }
            }

            _connections.RemoveAll(c => c.Closed);
        }
    }

    private void Accept(Listener listener)
    {
        Socket client;
        try
        {
            client = listener.Socket.Accept();
        }
        catch (SocketException)
        {
            return;
        }

        var route = listener.Route;
        if (listener.Open >= route.MaxConnections)
        {
            // Refused at once, so the client can retry (the AWS SDKs do) rather than hang in the backlog.
            client.Dispose();
            return;
        }

        // Non-blocking before connecting: a host whose backlog is full answers EAGAIN at once instead of stalling this
        // thread, and with it every other connection of the sandbox (the Runtime API's included).
        var host = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            host.Connect(new UnixDomainSocketEndPoint(route.Target));
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"kumo-init: cannot reach {route.Target} for {route.Listen}: {e.Message}");
            client.Dispose();
            host.Dispose();
            return;
        }

        client.NoDelay = true;
        client.Blocking = false;
        host.Blocking = false;
        listener.Open++;
        var markers = route.MarkerNonce is { } nonce ? new AnswerMarkers(key => AnswerMarkerLine.Write(nonce, key)) : null;
        _connections.Add(new Connection(client, host, markers is null ? null : markers.Scan, () => listener.Open--));
    }

    /// <summary>A bound loopback address and how many of its connections are open.</summary>
    private sealed class Listener(Socket socket, RelayRoute route)
    {
        public Socket Socket { get; } = socket;

        public RelayRoute Route { get; } = route;

        public int Open { get; set; }
    }

    /// <summary>One relayed connection: two directions, each with a buffer and a note of its end.</summary>
    private sealed class Connection(Socket client, Socket host, ScanUpstream? scan, Action onClosed)
    {
        private readonly Direction _up = new(client, host, scan);
        private readonly Direction _down = new(host, client, null);

        public bool Closed { get; private set; }

        public void Watch(List<Socket> readable, List<Socket> writable)
        {
            _up.Watch(readable, writable);
            _down.Watch(readable, writable);
        }

        public void Pump(List<Socket> readable, List<Socket> writable)
        {
            try
            {
                _up.Pump(readable, writable);
                _down.Pump(readable, writable);
                if (_up.Finished && _down.Finished)
                {
                    Close();
                }
            }
            catch (SocketException)
            {
                Close();
            }
        }

        public void Close()
        {
            if (Closed)
            {
                return;
            }

            Closed = true;
            client.Dispose();
            host.Dispose();
            onClosed();
        }
    }

    /// <summary>Looks at bytes on their way from the function to the host (the Runtime API's answer markers).</summary>
    private delegate void ScanUpstream(ReadOnlySpan<byte> received);

    /// <summary>Bytes flowing from one socket to the other.</summary>
    private sealed class Direction(Socket from, Socket to, ScanUpstream? scan)
    {
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _start;
        private int _end;
        private bool _ended;

        public bool Finished { get; private set; }

        public void Watch(List<Socket> readable, List<Socket> writable)
        {
            if (Finished)
            {
                return;
            }

            if (_start < _end)
            {
                writable.Add(to);
            }
            else if (!_ended)
            {
                readable.Add(from);
            }
        }

        public void Pump(List<Socket> readable, List<Socket> writable)
        {
            if (Finished)
            {
                return;
            }

            if (_start == _end && !_ended && readable.Contains(from))
            {
                var read = from.Receive(_buffer, 0, _buffer.Length, SocketFlags.None, out var error);
                if (error is SocketError.WouldBlock)
                {
                    return;
                }

                if (error is not SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                if (read == 0)
                {
                    _ended = true;
                }
                else
                {
                    _start = 0;
                    _end = read;
                    scan?.Invoke(_buffer.AsSpan(0, read));
                }
            }
            else if (_start < _end && writable.Contains(to))
            {
                var sent = to.Send(_buffer, _start, _end - _start, SocketFlags.None, out var error);
                if (error is not SocketError.Success and not SocketError.WouldBlock)
                {
                    throw new SocketException((int)error);
                }

                _start += sent;
            }

            if (_ended && _start == _end)
            {
                // Pass the end on, so the other side sees it too.
                to.Shutdown(SocketShutdown.Send);
                Finished = true;
            }
        }
    }
}
