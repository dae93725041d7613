using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kumo.FunctionalTests;

/// <summary>
/// An HTTP server on a free loopback port that gives every request the same answer (or the answer a function
/// picks for it) and keeps what it was sent: to see how the CLI reads answers a real server gives only in rare
/// states (throttling, say).
/// </summary>
internal sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<CannedRequest> _requests = [];
    private readonly Task _serving;

    private CannedHttpServer(Func<CannedRequest, Answer> answer)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = ServeAsync(answer);
    }

    public string Endpoint { get; }

    public IReadOnlyList<CannedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static CannedHttpServer Start(int status, IReadOnlyDictionary<string, string> headers, string body) =>
        new(_ => new Answer(status, headers, body));

    /// <summary>A server that answers each request as <paramref name="answer"/> says, given the request.</summary>
    public static CannedHttpServer Start(Func<CannedRequest, Answer> answer) => new(answer);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }

    private async Task ServeAsync(Func<CannedRequest, Answer> answer)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new CannedRequest(
                context.Request.HttpMethod,
                context.Request.RawUrl ?? "",
                context.Request.Headers["X-Amz-Log-Type"],
                await reader.ReadToEndAsync())
            {
                IdempotencyKey = context.Request.Headers["Idempotency-Key"],
            };
            lock (_requests)
            {
                _requests.Add(request);
            }

            var (status, headers, body) = answer(request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
    }

    /// <summary>What the server answers one request.</summary>
    /// <param name="Status">The status code.</param>
    /// <param name="Headers">Headers besides <c>Content-Type: application/json</c>.</param>
    /// <param name="Body">The body.</param>
    internal sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
}
