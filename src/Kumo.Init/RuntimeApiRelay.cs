using System.Net;
using System.Net.Sockets;

namespace Kumo.Init;

/// <summary>
/// Accepts the runtime's HTTP connections on 127.0.0.1:9001 inside the sandbox and pipes each, byte for byte,
/// to the worker's Unix socket, which is bind-mounted into the sandbox. The sandbox has no network beyond
/// loopback; the worker serves the Runtime API itself.
/// </summary>
/// <remarks>
/// One thread, started before the function runs, serves every connection with poll(2): kumo-init must keep
/// working when the function has used up the sandbox's process limit, so it never starts a thread later.
/// </remarks>
internal sealed class RuntimeApiRelay(IPEndPoint listen, string workerSocket, string markerNonce)
{
    private const int BufferSize = 64 * 1024;

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Connection> _connections = [];

    public void Start()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(listen);
        _listener.Listen(64);
        _listener.Blocking = false;
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
            readable.Add(_listener);
            foreach (var connection in _connections)
            {
                connection.Watch(readable, writable);
            }

            Socket.Select(readable, writable, null, -1);
            if (readable.Remove(_listener))
            {
                Accept();
            }

            foreach (var connection in _connections)
            {
                connection.Pump(readable, writable);
            }

            _connections.RemoveAll(c => c.Closed);
        }
    }

    private void Accept()
    {
        Socket client;
        try
        {
            client = _listener.Accept();
        }
        catch (SocketException)
        {
            return;
        }

        var worker = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            worker.Connect(new UnixDomainSocketEndPoint(workerSocket));
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"kumo-init: cannot reach the worker at {workerSocket}: {e.Message}");
            client.Dispose();
            worker.Dispose();
            return;
        }

        client.NoDelay = true;
        client.Blocking = false;
        worker.Blocking = false;
        _connections.Add(new Connection(client, worker, new AnswerMarkers(markerNonce)));
    }

    /// <summary>One relayed connection: two directions, each with a buffer and a note of its end.</summary>
    private sealed class Connection(Socket client, Socket worker, AnswerMarkers markers)
    {
        private readonly Direction _up = new(client, worker, markers.Scan);
        private readonly Direction _down = new(worker, client, null);

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

        private void Close()
        {
            Closed = true;
            client.Dispose();
            worker.Dispose();
        }
    }

    private delegate void AnswerMarkersScan(ReadOnlySpan<byte> received);

    /// <summary>Bytes flowing from one socket to the other.</summary>
    private sealed class Direction(Socket from, Socket to, AnswerMarkersScan? scan)
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
