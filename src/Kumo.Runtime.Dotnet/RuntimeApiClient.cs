using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Kumo.Runtime.Dotnet;

/// <summary>The Lambda Runtime API client of the .NET runtime: one keep-alive connection to <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
internal sealed class RuntimeApiClient(string address) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false })
    {
        BaseAddress = new Uri($"http://{address}/2018-06-01/runtime/"),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<NextInvocation> NextAsync()
    {
        using var response = await _http.GetAsync("invocation/next");
        response.EnsureSuccessStatusCode();
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
        var deadline = long.TryParse(Header("Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        return new NextInvocation(
            Header("Lambda-Runtime-Aws-Request-Id") ?? throw new InvalidOperationException("the Runtime API sent no request id"),
            deadline,
            Header("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            Header("Lambda-Runtime-Trace-Id"),
            Header("Lambda-Runtime-Client-Context"),
            Header("Lambda-Runtime-Cognito-Identity"),
            await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// A stem cell's hand-over: a long poll, answered once, when the host has mounted the function's code, with the
    /// function this process becomes. Made through the same connection <c>/next</c> uses afterwards.
    /// </summary>
    public async Task<Specialization> AwaitSpecializationAsync()
    {
        using var response = await _http.GetAsync("kumo/specialization");
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the hand-over GET /2018-06-01/runtime/kumo/specialization answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        return Specialization.Parse(body);
    }

    public Task RespondAsync(string requestId, byte[] body) =>
        PostAsync($"invocation/{requestId}/response", body, errorType: null);

    public Task FailAsync(string requestId, ErrorDocument error) =>
        PostAsync($"invocation/{requestId}/error", error.ToJson(), error.ErrorType);

    public Task FailInitAsync(ErrorDocument error) =>
        PostAsync("init/error", error.ToJson(), error.ErrorType);

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, byte[] body, string? errorType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType is not null)
        {
            request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
        }

        using var response = await _http.SendAsync(request);
    }
}
