using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Http;

/// <summary>
/// Response streaming end to end with real Node functions in real sandboxes: a function URL in <c>RESPONSE_STREAM</c>
/// mode read with HttpClient, and <c>InvokeWithResponseStream</c> called with the AWS SDK for JavaScript v3
/// (tests/clients/js/invoke-stream.mjs). A streaming function writes its first chunk and then waits for an S3
/// object that the client writes only once it has read that chunk: the test passes only if the chunk reached the
/// client while the function was still running, with no timing involved.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ResponseStreamingTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private const string Signals = "signals";

    // Kumo's S3 from the sandbox: an unsigned GET, which Kumo's S3 takes on the s3.localhost host.
    private const string Code = """
        import http from 'node:http';

        const s3 = new URL(process.env.AWS_ENDPOINT_URL_S3);
        const exists = (key) => new Promise((resolve) => {
          http.get({ host: s3.hostname, port: s3.port, path: `/signals/${key}`, headers: { host: 's3.localhost' } }, (response) => {
            response.resume();
            resolve(response.statusCode === 200);
          }).on('error', () => resolve(false));
        });
        const waitForSignal = async (event) => {
          const key = event.queryStringParameters?.signal ?? event.signal;
          while (!(await exists(key))) await new Promise((resolve) => setTimeout(resolve, 50));
        };

        export const withPrelude = awslambda.streamifyResponse(async (event, stream) => {
          stream = awslambda.HttpResponseStream.from(stream, {
            statusCode: 201,
            headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' },
            cookies: ['session=abc; HttpOnly'],
          });
          stream.write('first;');
          await waitForSignal(event);
          stream.write('second;');
          console.log('last words before the end');
          stream.end('end');
        });

        export const raw = awslambda.streamifyResponse(async (event, stream) => {
          stream.setContentType('text/plain');
          stream.write('first;');
          await waitForSignal(event);
          console.log('last words before the end');
          stream.end('second;');
        });

        export const failing = awslambda.streamifyResponse(async (event, stream) => {
          stream = awslambda.HttpResponseStream.from(stream, { statusCode: 200 });
          stream.write('partial;');
          await waitForSignal(event);
          throw new RangeError('broke mid-stream');
        });

        export const early = awslambda.streamifyResponse(async () => {
          throw new TypeError('failed before writing');
        });

        export const buffered = async () => ({ message: 'the whole result' });
        """;

    private readonly TempDirectory _data = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, drainSeconds: 5);
        _http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        Assert.Equal(HttpStatusCode.OK, (await S3Async(HttpMethod.Put, $"/{Signals}")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        _data.Dispose();
    }

    [Fact]
    public async Task StreamingUrl_HttpResponseStream_SendsStatusHeadersCookiesAndTheFirstChunkBeforeTheFunctionEnds()
    {
        var host = await StreamingUrlAsync("streamer", "index.withPrelude", new { AllowOrigins = new[] { "https://app.example.com" } });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?signal=url-go");
        request.Headers.Host = host;
        request.Headers.Add("Origin", "https://app.example.com");

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked, "the response is chunked");
        Assert.Equal("yes", response.Headers.GetValues("x-streamed").Single());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["session=abc; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("https://app.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = await ReadUntilAsync(body, "first;");

        // The function is waiting for this object: what arrived so far was streamed while it ran.
        Assert.Equal(HttpStatusCode.OK, (await S3Async(HttpMethod.Put, $"/{Signals}/url-go")).StatusCode);
        using var rest = new StreamReader(body);
        Assert.Equal("first;second;end", received + await rest.ReadToEndAsync());

        var record = await RecordAsync("streamer");
        Assert.Equal(InvocationOutcome.Success, record.Outcome);
        Assert.Contains("last words before the end", await LogAsync(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingUrl_FunctionThrowsAfterItsFirstWrite_ClientGetsTheFirstBytesThenABrokenResponse()
    {
        var host = await StreamingUrlAsync("failing", "index.failing");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?signal=fail-go");
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked, "the response is chunked");
        await using var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial;", await ReadUntilAsync(body, "partial;"));
        Assert.Equal(HttpStatusCode.OK, (await S3Async(HttpMethod.Put, $"/{Signals}/fail-go")).StatusCode);

        // The response breaks off: no terminating chunk, so the client cannot take it for a whole answer.
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            using var rest = new StreamReader(body);
            await rest.ReadToEndAsync();
        });

        var record = await RecordAsync("failing");
        Assert.Equal(InvocationOutcome.FunctionError, record.Outcome);
        Assert.Equal("RangeError", record.ErrorType);
        Assert.Contains("broke mid-stream", record.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("broke mid-stream", await LogAsync(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingUrl_FunctionThrowsBeforeItsFirstWrite_IsA502AsOnABufferedUrl()
    {
        var host = await StreamingUrlAsync("early", "index.early");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("failed before writing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var record = await RecordAsync("early");
        Assert.Equal(InvocationOutcome.FunctionError, record.Outcome);
        Assert.Equal("TypeError", record.ErrorType);
    }

    [Fact]
    public async Task StreamingUrl_NonStreamingHandler_SendsItsWholeResult()
    {
        var host = await StreamingUrlAsync("whole", "index.buffered");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"message":"the whole result"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvokeWithResponseStream_JsSdk_StreamingFunction_ChunksArriveWhileItRunsThenInvokeComplete()
    {
        await CreateAsync("raw", "index.raw");

        var answer = await InvokeStreamAsync("raw", """{"signal":"sdk-go"}""", $"{Signals}/sdk-go");

        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal("application/vnd.amazon.eventstream", answer.GetProperty("contentType").GetString());
        Assert.Equal("$LATEST", answer.GetProperty("executedVersion").GetString());
        var chunks = Strings(answer.GetProperty("chunks"));
        // The script wrote the signal only after the first chunk: it came on its own, while the function waited.
        Assert.Equal("first;", chunks[0]);
        Assert.Equal("first;second;", string.Concat(chunks));
        var complete = answer.GetProperty("complete");
        Assert.False(complete.TryGetProperty("ErrorCode", out _), complete.ToString());
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(complete.GetProperty("LogResult").GetString()!));
        Assert.Contains("last words before the end", log, StringComparison.Ordinal);
        Assert.Empty(answer.GetProperty("others").EnumerateArray());
    }

    [Fact]
    public async Task InvokeWithResponseStream_JsSdk_ErrorMidStream_IsInInvokeComplete()
    {
        await CreateAsync("failing", "index.failing");

        var answer = await InvokeStreamAsync("failing", """{"signal":"sdk-fail"}""", $"{Signals}/sdk-fail");

        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.EndsWith("partial;", string.Concat(Strings(answer.GetProperty("chunks"))), StringComparison.Ordinal);
        var complete = answer.GetProperty("complete");
        Assert.Equal("RangeError", complete.GetProperty("ErrorCode").GetString());
        Assert.Contains("broke mid-stream", complete.GetProperty("ErrorDetails").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeWithResponseStream_JsSdk_BufferedFunction_AnswersInOneChunk()
    {
        await CreateAsync("whole", "index.buffered");

        var answer = await InvokeStreamAsync("whole", "{}", null);

        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        Assert.Equal(["""{"message":"the whole result"}"""], Strings(answer.GetProperty("chunks")));
        Assert.False(answer.GetProperty("complete").TryGetProperty("ErrorCode", out _), answer.ToString());
    }

    [Fact]
    public async Task InvokeWithResponseStream_JsSdk_DryRunEventAndMissingFunction_AnswerWithoutAStream()
    {
        await CreateAsync("whole", "index.buffered");

        var dryRun = await InvokeStreamAsync("whole", "{}", null, "DryRun");
        var queued = await InvokeStreamAsync("whole", "{}", null, "Event");
        var missing = await InvokeStreamAsync("missing", "{}", null);

        Assert.True(dryRun.GetProperty("ok").GetBoolean(), dryRun.ToString());
        Assert.Equal(204, dryRun.GetProperty("status").GetInt32());
        Assert.Empty(dryRun.GetProperty("chunks").EnumerateArray());
        Assert.Equal("InvalidParameterValueException", queued.GetProperty("error").GetProperty("name").GetString());
        Assert.Equal("ResourceNotFoundException", missing.GetProperty("error").GetProperty("name").GetString());
        Assert.True(missing.GetProperty("error").GetProperty("modeled").GetBoolean(), missing.ToString());
    }

    private Task CreateAsync(string name, string handler) =>
        _server.Services.GetRequiredService<IFunctionCatalog>().CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = "nodejs20.x",
            Handler = handler,
            ZipFile = Zips.Make(("index.mjs", Code, Zips.File(0b110_100_100))).ToArray(),
            Settings = new FunctionSettings { MemoryMb = 256, TimeoutSeconds = 60 },
        }, CancellationToken.None);

    /// <summary>Creates the function and its URL in <c>RESPONSE_STREAM</c> mode through the Lambda API; the URL's host.</summary>
    private async Task<string> StreamingUrlAsync(string name, string handler, object? cors = null)
    {
        await CreateAsync(name, handler);
        // The Lambda API's members are PascalCase, as the AWS SDKs send them.
        using var created = await _http.PostAsJsonAsync(
            $"/2021-10-31/functions/{name}/url", new { AuthType = "NONE", InvokeMode = "RESPONSE_STREAM", Cors = cors }, JsonSerializerOptions.Default);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var config = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("RESPONSE_STREAM", config.GetProperty("InvokeMode").GetString());
        return new Uri(config.GetProperty("FunctionUrl").GetString()!).Host;
    }

    /// <summary>Reads until what arrived ends with <paramref name="end"/>; what arrived.</summary>
    private static async Task<string> ReadUntilAsync(Stream body, string end)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.UTF8.GetString([.. received]).EndsWith(end, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer);
            Assert.True(read > 0, $"the response ended before '{end}': '{Encoding.UTF8.GetString([.. received])}'");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return Encoding.UTF8.GetString([.. received]);
    }

    private async Task<InvocationRecord> RecordAsync(string function)
    {
        var store = _server.Services.GetRequiredService<IInvocationStore>();
        IReadOnlyList<InvocationRecord> records = [];
        await Poll.UntilAsync(async () => (records = await store.ListAsync(new InvocationQuery(Tenant) { FunctionName = function }, CancellationToken.None)).Count > 0, $"{function}'s record");
        return Assert.Single(records);
    }

    private async Task<string> LogAsync(InvocationRecord record)
    {
        var lines = await _server.Services.GetRequiredService<IInvocationStore>().GetLogsAsync(
            new LogQuery(Tenant) { RequestId = record.RequestId }, CancellationToken.None);
        return string.Join('\n', lines.Select(l => l.Text));
    }

    /// <summary>An unsigned S3 request, which Kumo takes on the <c>s3.localhost</c> host.</summary>
    private async Task<HttpResponseMessage> S3Async(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Put ? new ByteArrayContent([]) : null };
        request.Headers.Host = "s3.localhost";
        return await _http.SendAsync(request);
    }

    /// <summary>Runs tests/clients/js/invoke-stream.mjs against the server; its one line of JSON.</summary>
    private async Task<JsonElement> InvokeStreamAsync(string function, string payload, string? signalKey, string invocationType = "RequestResponse")
    {
        var scripts = Path.Combine(Metadata("RepositoryRoot"), "tests", "clients", "js");
        var start = new ProcessStartInfo("node") { WorkingDirectory = scripts, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(scripts, "invoke-stream.mjs"), function, payload, signalKey ?? "", invocationType })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUMO_ENDPOINT"] = _server.Endpoint.TrimEnd('/');
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["NODE_NO_WARNINGS"] = "1";
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await node.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");
        return JsonDocument.Parse((await stdout).Trim()).RootElement.Clone();
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string Metadata(string key) => typeof(ResponseStreamingTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
