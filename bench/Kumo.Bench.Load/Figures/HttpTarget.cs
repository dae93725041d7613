using System.Text;
using Kumo.Bench.Load.Platform;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// One thing figures 2 and 3 send requests to, all through the same client: a Kumo function (by its URL or the
/// Lambda Invoke API) or a bare server running the same handler. A request succeeds when the answer is 200 and
/// carries the handler's <c>entered</c>.
/// </summary>
internal sealed class HttpTarget(string label, Uri url, HttpClient client, bool isKumo, string? baselineOf = null)
{
    private static readonly byte[] Payload = """{"bench":true}"""u8.ToArray();

    public string Label { get; } = label;

    public bool IsKumo { get; } = isKumo;

    /// <summary>For a bare server: which runtime's Kumo rows it is the baseline of (<c>node</c>, <c>dotnet</c>).</summary>
    public string? BaselineOf { get; } = baselineOf;

    public async Task SendAsync() => await SendWithIdAsync();

    /// <summary>Sends one request and returns the platform's request id (empty for a bare server).</summary>
    public async Task<string> SendWithIdAsync()
    {
        using var content = new ByteArrayContent(Payload);
        using var response = await client.PostAsync(url, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"{Label} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        _ = KumoClient.Entered(body);
        return KumoClient.RequestId(response);
    }

    public static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = connections,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };
}
