using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace BenchAot;

/// <summary>
/// Just enough HTTP/1.1 for the Runtime API: one kept-alive connection, <c>GET …/invocation/next</c> and
/// <c>POST …/invocation/{id}/response</c>, bodies by Content-Length or chunked.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private readonly string _host;
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RuntimeApiClient(string host, Socket socket)
    {
        _host = host;
        _socket = socket;
    }

    public static RuntimeApiClient Connect(string api)
    {
        var colon = api.LastIndexOf(':');
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(api[..colon], int.Parse(api[(colon + 1)..], CultureInfo.InvariantCulture));
        return new RuntimeApiClient(api, socket);
    }

    public (string RequestId, byte[] Body) Next()
    {
        Send($"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {_host}\r\n\r\n", []);
        var (headers, body) = ReadResponse();
        return (Header(headers, "lambda-runtime-aws-request-id") ?? throw new InvalidDataException("/next answered without a request id"), body);
    }

    public void Respond(string requestId, string result)
    {
        var body = Encoding.UTF8.GetBytes(result);
        Send($"POST /2018-06-01/runtime/invocation/{requestId}/response HTTP/1.1\r\nHost: {_host}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n", body);
        ReadResponse();
    }

    public void Dispose() => _socket.Dispose();

    private void Send(string head, byte[] body)
    {
        _socket.Send(Encoding.ASCII.GetBytes(head));
        if (body.Length > 0)
        {
            _socket.Send(body);
        }
    }

    private (string Headers, byte[] Body) ReadResponse()
    {
        var headers = ReadLine();
        for (var line = ReadLine(); line.Length > 0; line = ReadLine())
        {
            headers += "\n" + line;
        }

        if (Header(headers, "content-length") is { } length)
        {
            return (headers, ReadBytes(int.Parse(length, CultureInfo.InvariantCulture)));
        }

        if (Header(headers, "transfer-encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var body = new MemoryStream();
            for (var size = ChunkSize(); size > 0; size = ChunkSize())
            {
                body.Write(ReadBytes(size));
                ReadLine();
            }

            while (ReadLine().Length > 0)
            {
                // Trailers, if any, end with an empty line.
            }

            return (headers, body.ToArray());
        }

        return (headers, []);
    }

    private int ChunkSize() => int.Parse(ReadLine().Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string? Header(string headers, string name)
    {
        foreach (var line in headers.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private string ReadLine()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            Fill();
        }
    }

    private byte[] ReadBytes(int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                Fill();
            }

            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("a Runtime API response line is longer than the buffer");
        }

        var read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the Runtime API closed the connection");
        }

        _end += read;
    }
}
