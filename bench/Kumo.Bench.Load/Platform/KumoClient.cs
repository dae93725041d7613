using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kumo.Bench.Load.Platform;

/// <summary>The APIs the benchmark drives a server through: the Lambda API (create, URL, invoke, delete) and Kumo's native API (status, invocation records).</summary>
internal sealed class KumoClient(Uri endpoint) : IDisposable
{
    private static readonly TimeSpan ActiveDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PoolDeadline = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 })
    {
        BaseAddress = endpoint,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public Uri Endpoint { get; } = endpoint;

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("/healthz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Creates a function and waits until it is Active (its code unpacked), so that no invocation waits for that.</summary>
    public async Task CreateFunctionAsync(string name, BenchFunction function, int memoryMb, int timeoutSeconds = 60)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = function.Runtime,
            ["Handler"] = function.Handler,
            ["Role"] = "arn:aws:iam::000000000000:role/bench",
            ["MemorySize"] = memoryMb,
            ["Timeout"] = timeoutSeconds,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(function.Zip) },
        };
        using (var response = await _http.PostAsync("/2015-03-31/functions", Json(body)))
        {
            await EnsureAsync(response, $"create function {name}");
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await _http.GetAsync($"/2015-03-31/functions/{name}/configuration");
            await EnsureAsync(response, $"get function {name}");
            var configuration = await response.Content.ReadFromJsonAsync<JsonElement>();
            var state = configuration.GetProperty("State").GetString();
            if (state == "Active" && configuration.GetProperty("LastUpdateStatus").GetString() == "Successful")
            {
                return;
            }

            if (state == "Failed" || clock.Elapsed > ActiveDeadline)
            {
                throw new InvalidOperationException($"function {name} did not become Active: {configuration}");
            }

            await Task.Delay(20);
        }
    }

    public async Task DeleteFunctionAsync(string name)
    {
        using var response = await _http.DeleteAsync($"/2015-03-31/functions/{name}");
        await EnsureAsync(response, $"delete function {name}");
    }

    /// <summary>Gives the function a URL (AuthType NONE) and returns its path form on the server's own address, <c>http://127.0.0.1:PORT/_kumo/url/{id}/</c>.</summary>
    public async Task<Uri> CreateUrlAsync(string name)
    {
        using var response = await _http.PostAsync($"/2021-10-31/functions/{name}/url", Json(new JsonObject { ["AuthType"] = "NONE" }));
        await EnsureAsync(response, $"create the URL of {name}");
        var url = new Uri((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("FunctionUrl").GetString()!);
        var id = url.Host.Split('.')[0];
        return new Uri(Endpoint, $"/_kumo/url/{id}/");
    }

    /// <summary>Invokes a function through the Lambda API and returns its request id and the handler's <c>entered</c> stamp.</summary>
    public async Task<Invoked> InvokeAsync(string name, byte[] payload)
    {
        using var content = new ByteArrayContent(payload);
        using var response = await _http.PostAsync($"/2015-03-31/functions/{name}/invocations", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"invoking {name} failed ({(int)response.StatusCode}): {Encoding.UTF8.GetString(body)}");
        }

        return new Invoked(RequestId(response), Entered(body));
    }

    /// <summary>The stored record of an invocation, from <c>GET /_kumo/v1/invocations/{id}</c>.</summary>
    public async Task<InvocationPhasesRecord?> GetRecordAsync(string requestId)
    {
        using var response = await _http.GetAsync($"/_kumo/v1/invocations/{requestId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, $"get invocation {requestId}");
        var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
        return detail.TryGetProperty("invocation", out var invocation) && invocation.ValueKind == JsonValueKind.Object
            ? InvocationPhasesRecord.From(invocation)
            : null;
    }

    /// <summary>How many of a function's invocations since <paramref name="since"/> started a sandbox, by start kind, such as <c>cold 50, prewarmed 4</c>; empty when none did.</summary>
    public async Task<string> NewSandboxesSinceAsync(string function, DateTimeOffset since)
    {
        var query = $"/_kumo/v1/invocations?function={Uri.EscapeDataString(function)}&cold=true&since={Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&limit=1000";
        using var response = await _http.GetAsync(query);
        await EnsureAsync(response, $"list the invocations of {function}");
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        var kinds = list.GetProperty("invocations").EnumerateArray()
            .Select(i => i.TryGetProperty("startKind", out var kind) ? kind.GetString() ?? "unknown" : "unknown");
        return string.Join(", ", kinds.GroupBy(k => k).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
    }

    /// <summary>How many sandboxes the server has now (<c>sandboxes.live</c> in the status).</summary>
    public async Task<int> LiveSandboxesAsync()
    {
        using var response = await _http.GetAsync("/_kumo/v1/status");
        await EnsureAsync(response, "get the status");
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        return status.TryGetProperty("sandboxes", out var sandboxes) && sandboxes.ValueKind == JsonValueKind.Object && sandboxes.TryGetProperty("live", out var live) ? live.GetInt32() : -1;
    }

    /// <summary>The pre-warmed pools from <c>GET /_kumo/v1/status</c>, or null when this build has none.</summary>
    public async Task<IReadOnlyList<PoolStatus>?> GetPoolsAsync()
    {
        using var response = await _http.GetAsync("/_kumo/v1/status");
        await EnsureAsync(response, "get the status");
        return PoolStatus.Find(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Waits until every pre-warmed pool has reached its target: true when they did, false at the deadline, null when the server shows no pools.</summary>
    public async Task<bool?> WaitForFullPoolsAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var pools = await GetPoolsAsync();
            if (pools is null)
            {
                return null;
            }

            if (pools.All(p => p.Full) && pools.All(p => p.Starting == 0))
            {
                return true;
            }

            if (clock.Elapsed > PoolDeadline)
            {
                return false;
            }

            await Task.Delay(20);
        }
    }

    public static string RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.First() : "";

    /// <summary>The handler's <c>entered</c> stamp (ms since the epoch) in its answer.</summary>
    public static double Entered(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("entered", out var entered)
            ? entered.GetDouble()
            : throw new InvalidDataException($"the benchmark function's answer has no 'entered': {Encoding.UTF8.GetString(body)}");
    }

    public void Dispose() => _http.Dispose();

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>One invocation's request id and the moment its handler was entered (ms since the epoch).</summary>
internal sealed record Invoked(string RequestId, double Entered);
