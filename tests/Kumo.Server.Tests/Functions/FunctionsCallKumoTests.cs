using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Sandbox;
using Kumo.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Server.Tests.Functions;

/// <summary>
/// Functions call Kumo's own APIs from their sandboxes, as Lambda functions call AWS: the thumbnail pattern with
/// boto3 (tests/Functions/PythonThumbnailFunction) through Kumo's S3, and a Node function that invokes it with the
/// AWS SDK for JavaScript v3 (tests/Functions/NodeLambdaClientFunction) through Kumo's Lambda API, and the thumbnail
/// pattern again in C# with AWSSDK.S3 (tests/Functions/DotnetS3Function), both with no endpoint in their code. What
/// the functions did is checked from outside, over the server's TCP port.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FunctionsCallKumoTests : IAsyncLifetime
{
    private const string Tenant = Tenants.Default;
    private const string Bucket = "photos";
    private const string TraceRoot = "1-67891233-abcdef012345678912345678";
    private readonly TempDirectory _data = new();
    private readonly GatewayRequests _requests = new();
    private RunningServer _server = null!;
    private HttpClient _http = null!;

    private IFunctionCatalog Catalog => _server.Services.GetRequiredService<IFunctionCatalog>();

    public async Task InitializeAsync()
    {
        _server = await TestServers.StartAsync(_data, services => services.AddSingleton<IStartupFilter>(_requests), drainSeconds: 5);
        _http = TestServers.ClientFor(_server);
        await Poll.UntilAsync(async () => (await _http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "readiness");
        Assert.Equal(HttpStatusCode.OK, (await S3Async(HttpMethod.Put, $"/{Bucket}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await S3Async(HttpMethod.Put, $"/{Bucket}/cat.jpg", "a cat")).StatusCode);
        await CreateAsync("thumbnail", "python3.11", "app.handler", Package(Source("PythonThumbnailFunction")));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await SandboxLeaks.AssertNoneAsync(_data.Path);
        Assert.False(File.Exists(new SandboxLayout(_data.Path, Kumo.Runtimes.RuntimeFiles.DefaultDirectory).GatewaySocket), "the gateway socket remains");
        _data.Dispose();
    }

    [Fact]
    public async Task PythonBoto3Function_ReadsAnObjectAndWritesAnother_ThroughKumosS3_PathStyle()
    {
        var result = await InvokeAsync("thumbnail", new { bucket = Bucket, key = "cat.jpg" });

        var answer = JsonOf(result);
        Assert.Equal("thumbnails/cat.jpg", answer.GetProperty("thumbnail").GetString());
        using var thumbnail = await S3Async(HttpMethod.Get, $"/{Bucket}/thumbnails/cat.jpg");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("thumbnail of a cat", await thumbnail.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", thumbnail.Content.Headers.ContentType?.MediaType);

        // boto3 addressed the bucket in the path of the IP endpoint, and sent the invocation's trace header.
        var sent = answer.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(["GET http://127.0.0.1:9002/photos/cat.jpg", "PUT http://127.0.0.1:9002/photos/thumbnails/cat.jpg"],
            sent.Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("url").GetString()}"));
        var traceId = answer.GetProperty("traceId").GetString()!;
        Assert.Contains($"Root={TraceRoot}", traceId, StringComparison.Ordinal);
        Assert.All(sent, r => Assert.Equal(traceId, r.GetProperty("trace").GetString()));

        // The server saw the same requests arrive on the gateway socket, signed with the sandbox's own key.
        var seen = _requests.Seen.Where(r => r.Path.StartsWith($"/{Bucket}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET /photos/cat.jpg", "PUT /photos/thumbnails/cat.jpg"], seen.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(seen, r => Assert.Equal("127.0.0.1:9002", r.Host));
        Assert.All(seen, r => Assert.Equal(traceId, r.AmznTraceId));
        Assert.All(seen, r => Assert.Contains("Credential=ASIAKUMO", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NodeSdkFunction_InvokesAnotherFunction_ThroughKumosLambdaApi_WithNoEndpointInItsCode()
    {
        var nodeModules = Path.Combine(Metadata("RepositoryRoot"), "tests", "clients", "js", "node_modules");
        await CreateAsync("caller", "nodejs20.x", "index.handler", NodePackage.Zip(Source("NodeLambdaClientFunction"), nodeModules, "@aws-sdk/client-lambda"));

        var result = await InvokeAsync("caller", new { function = "thumbnail", payload = new { bucket = Bucket, key = "cat.jpg" } });

        var answer = JsonOf(result);
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("functionError").ValueKind);
        Assert.Equal("thumbnails/cat.jpg", answer.GetProperty("result").GetProperty("thumbnail").GetString());
        using var thumbnail = await S3Async(HttpMethod.Get, $"/{Bucket}/thumbnails/cat.jpg");
        Assert.Equal("thumbnail of a cat", await thumbnail.Content.ReadAsStringAsync());

        // The SDK found Kumo's Lambda API in AWS_ENDPOINT_URL_LAMBDA and passed the trace on: one trace from the
        // test's call, through the Node function and the Lambda API, to the Python function's S3 requests.
        var invoke = Assert.Single(_requests.Seen, r => r.Path == "/2015-03-31/functions/thumbnail/invocations");
        Assert.Equal("POST", invoke.Method);
        Assert.Equal("127.0.0.1:9002", invoke.Host);
        Assert.Equal(answer.GetProperty("traceId").GetString(), invoke.AmznTraceId);
        Assert.Contains($"Root={TraceRoot}", invoke.AmznTraceId, StringComparison.Ordinal);
        Assert.Contains($"Root={TraceRoot}", answer.GetProperty("result").GetProperty("traceId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeSdkFunction_CallingTheControlPlane_IsRefusedWithASayingWhy_WhileInvokeStaysOpen()
    {
        var nodeModules = Path.Combine(Metadata("RepositoryRoot"), "tests", "clients", "js", "node_modules");
        await CreateAsync("prober", "nodejs20.x", "index.handler", NodePackage.Zip(Source("NodeLambdaClientFunction"), nodeModules, "@aws-sdk/client-lambda"));

        var answer = JsonOf(await InvokeAsync("prober", new { controlPlane = true }));

        var listFunctions = answer.GetProperty("listFunctions");
        Assert.False(listFunctions.GetProperty("ok").GetBoolean(), listFunctions.ToString());
        Assert.Equal(("AccessDeniedException", 403), (listFunctions.GetProperty("name").GetString(), listFunctions.GetProperty("status").GetInt32()));
        Assert.Contains("control plane", listFunctions.GetProperty("message").GetString(), StringComparison.Ordinal);
        var native = answer.GetProperty("native");
        Assert.Equal(403, native.GetProperty("status").GetInt32());
        Assert.Contains("GET /_kumo/v1/functions", native.GetProperty("body").GetProperty("message").GetString(), StringComparison.Ordinal);

        // The same calls from outside a sandbox are answered.
        using var listed = await _http.GetAsync(new Uri("/2015-03-31/functions/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [Fact]
    public async Task DotnetSdkFunction_ReadsAnObjectAndWritesAnother_WithAnS3ClientMadeWithNoSettings()
    {
        var output = string.Format(System.Globalization.CultureInfo.InvariantCulture, Metadata("FunctionsOutput"), "DotnetS3Function");
        await CreateAsync("dotnet-thumbnail", "dotnet8", "DotnetS3Function::S3Thumbnail.Function::HandleAsync", Package(output));

        var result = await InvokeAsync("dotnet-thumbnail", new { bucket = Bucket, key = "cat.jpg" });

        var answer = JsonOf(result);
        using var thumbnail = await S3Async(HttpMethod.Get, $"/{Bucket}/thumbnails/cat.jpg");
        Assert.Equal("thumbnail of a cat", await thumbnail.Content.ReadAsStringAsync());
        // AWSSDK.S3 took AWS_ENDPOINT_URL_S3 and, for an IP address, addressed the bucket in the path by itself.
        Assert.Equal("http://127.0.0.1:9002", answer.GetProperty("ServiceUrl").GetString()!.TrimEnd('/'));
        Assert.False(answer.GetProperty("ForcePathStyle").GetBoolean());
        var seen = _requests.Seen.Where(r => r.Path.StartsWith($"/{Bucket}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET /photos/cat.jpg", "PUT /photos/thumbnails/cat.jpg"], seen.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(seen, r => Assert.Equal("127.0.0.1:9002", r.Host));
        Assert.All(seen, r => Assert.Contains($"Root={TraceRoot}", r.AmznTraceId, StringComparison.Ordinal));
        Assert.All(seen, r => Assert.Contains("Credential=ASIAKUMO", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_AFunctionStillRunningDuringTheDrain_CanStillCallKumosS3()
    {
        const string Code = """
            import os, time, urllib.error, urllib.request
            import boto3

            s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])

            def handler(event, context):
                s3.put_object(Bucket=event["bucket"], Key="started", Body=b"started")
                # Waits until the server drains: its health, seen through the gateway socket, says so.
                deadline = time.monotonic() + 30
                while True:
                    try:
                        urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/healthz", timeout=5).read()
                    except urllib.error.HTTPError as error:
                        if b"stopping" in error.read():
                            break
                    if time.monotonic() > deadline:
                        raise TimeoutError("the server never began to stop")
                    time.sleep(0.05)
                s3.put_object(Bucket=event["bucket"], Key="during-drain", Body=b"written while the server drained")
                return s3.get_object(Bucket=event["bucket"], Key="during-drain")["Body"].read().decode()
            """;
        await CreateAsync("drained", "python3.11", "app.handler", Zips.Make(("app.py", Code, Zips.File(0b110_100_100))).ToArray());

        var invocation = InvokeAsync("drained", new { bucket = Bucket });
        await Poll.UntilAsync(async () => invocation.IsCompleted || (await S3Async(HttpMethod.Head, $"/{Bucket}/started")).StatusCode == HttpStatusCode.OK, "the function's start");
        var stop = _server.StopAsync();

        Assert.Equal("\"written while the server drained\"", Encoding.UTF8.GetString((await invocation).Payload.Span));
        await stop;
    }

    [Fact]
    public async Task CreateFunction_WithAwsAccessKeyIdInItsEnvironment_IsRefusedAsOnLambda()
    {
        var request = new
        {
            FunctionName = "leaky",
            Runtime = "python3.11",
            Role = "arn:aws:iam::123456789012:role/lambda",
            Handler = "app.handler",
            Code = new { ZipFile = Convert.ToBase64String(Package(Source("PythonThumbnailFunction"))) },
            Environment = new { Variables = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAHOSTKEY", ["AWS_SESSION_TOKEN"] = "t" } },
        };

        // The Lambda API's members are PascalCase, as the AWS SDKs send them.
        using var response = await _http.PostAsJsonAsync("/2015-03-31/functions", request, JsonSerializerOptions.Default);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterValueException", response.Headers.GetValues("x-amzn-ErrorType").Single().Split(':')[0]);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Message").GetString();
        Assert.Contains("'AWS_ACCESS_KEY_ID' is reserved", message, StringComparison.Ordinal);
        Assert.Contains("'AWS_SESSION_TOKEN' is reserved", message, StringComparison.Ordinal);
        Assert.Null(await Catalog.GetAsync(Tenant, "leaky", CancellationToken.None));
    }

    private async Task<InvokeResult> InvokeAsync(string function, object payload)
    {
        var result = await _server.Services.GetRequiredService<IInvoker>().InvokeAsync(
            new InvokeRequest
            {
                TenantId = Tenant,
                FunctionName = function,
                Payload = JsonSerializer.SerializeToUtf8Bytes(payload),
                AmznTraceId = $"Root={TraceRoot};Parent=53995c3f42cd8ad8;Sampled=1",
            },
            CancellationToken.None);
        Assert.True(result.Status == InvokeStatus.Completed && result.FunctionError is null, $"{result.Status} {result.FunctionError}: {Encoding.UTF8.GetString(result.Payload.Span)}\n{result.Log}");
        return result;
    }

    private static JsonElement JsonOf(InvokeResult result) => JsonDocument.Parse(result.Payload).RootElement.Clone();

    private Task CreateAsync(string name, string runtime, string handler, byte[] zip) =>
        Catalog.CreateAsync(Tenant, new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Handler = handler,
            ZipFile = zip,
            // boto3 and the SDK for JavaScript take their time to load in a small sandbox.
            Settings = new FunctionSettings { MemoryMb = 256, TimeoutSeconds = 60 },
        }, CancellationToken.None);

    /// <summary>An unsigned S3 request, which Kumo takes on the <c>s3.localhost</c> host.</summary>
    private async Task<HttpResponseMessage> S3Async(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body) };
        request.Headers.Host = "s3.localhost";
        return await _http.SendAsync(request);
    }

    private static string Source(string function) => Path.Combine(Metadata("RepositoryRoot"), "tests", "Functions", function);

    /// <summary>A zip of the folder's top-level files.</summary>
    private static byte[] Package(string directory)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                var entry = archive.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Fastest);
                entry.ExternalAttributes = (Zips.RegularFile | 0b110_100_100) << 16;
            }
        }

        return zip.ToArray();
    }

    private static string Metadata(string key) => typeof(FunctionsCallKumoTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
