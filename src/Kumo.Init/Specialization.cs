using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Kumo.Init;

/// <summary>
/// A generic stem cell's hand-over, as kumo-init receives it: one <c>GET /2018-06-01/runtime/kumo/specialization</c>
/// straight to the host's Runtime API socket, which answers once the host has mounted the function's code at
/// <c>/var/task</c> — minutes or hours later, so no timeout — with the function's environment and the command to start.
/// </summary>
/// <param name="Environment">The complete environment the runtime would have had if started for the function.</param>
/// <param name="Command">The runtime to start: argv, with an absolute argv[0].</param>
internal sealed record Specialization(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Command)
{
    private const string Request = "GET /2018-06-01/runtime/kumo/specialization HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    /// <summary>Waits for the hand-over on the Runtime API socket <paramref name="socketPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The host refused, or answered something that is not a hand-over.</exception>
    public static Specialization Await(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Encoding.ASCII.GetBytes(Request));
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Parse(received.ToArray());
    }

    /// <summary>Reads a whole HTTP/1.1 response (the connection closed after it) holding a hand-over.</summary>
    public static Specialization Parse(byte[] response)
    {
        var end = response.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidOperationException("the host closed the hand-over request without an answer");
        }

        var head = Encoding.ASCII.GetString(response, 0, end).Split("\r\n");
        var body = response.AsSpan(end + 4).ToArray();
        if (head.Any(h => h.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && h.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        var status = head[0].Split(' ');
        if (status.Length < 2 || status[1] != "200")
        {
            throw new InvalidOperationException($"the host refused the hand-over: {head[0]} {Encoding.UTF8.GetString(body)}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var variable in root.GetProperty("environment").EnumerateObject())
            {
                environment[variable.Name] = variable.Value.GetString() ?? "";
            }

            var command = root.GetProperty("command").EnumerateArray().Select(a => a.GetString() ?? "").ToList();
            if (command.Count == 0 || !command[0].StartsWith('/'))
            {
                throw new InvalidOperationException($"the hand-over names no command with an absolute path ({string.Join(' ', command)})");
            }

            return new Specialization(environment, command);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"the hand-over is not what kumo-init understands: {e.Message}", e);
        }
    }

    /// <summary>
    /// kumo-init's environment (without its own <c>KUMO_*</c> variables) with the hand-over's over it: the
    /// hand-over's values win, and it holds every variable the function's runtime needs.
    /// </summary>
    public IEnumerable<string> Merge(IEnumerable<KeyValuePair<string, string>> own, IReadOnlySet<string> hidden)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in own.Concat(Environment))
        {
            if (!hidden.Contains(name))
            {
                merged[name] = value;
            }
        }

        return merged.Select(e => $"{e.Key}={e.Value}");
    }

    private static byte[] Unchunk(byte[] body)
    {
        using var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            at += lineEnd + 2;
            output.Write(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return output.ToArray();
    }
}
