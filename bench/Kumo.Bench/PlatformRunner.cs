using System.IO.Compression;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Invocations;
using Kumo.Invocation.Placement;
using Kumo.Server;
using Kumo.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Bench;

/// <summary>
/// A warm invocation through the whole platform — the Lambda API over HTTP, the invoker, the per-function grain,
/// the sandbox — against a bare Kestrel endpoint answering the same bytes, and the grain hop on its own.
/// </summary>
internal static class PlatformRunner
{
    private static readonly byte[] Payload = """{"bench":true}"""u8.ToArray();

    public static async Task<PlatformSample> RunAsync(string functionDirectory, int count)
    {
        var data = Directory.CreateTempSubdirectory("kumo-bench-platform-");
        try
        {
            var configuration = ServerConfiguration.Load(
                null,
                new Dictionary<ServerSetting, string> { [ServerSetting.Port] = "0", [ServerSetting.DataDir] = data.FullName },
                _ => null,
                data.FullName);
            await using var server = await KumoServer.StartAsync(configuration, services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
            using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
            while ((await http.GetAsync("/healthz")).StatusCode != System.Net.HttpStatusCode.OK)
            {
                await Task.Delay(50);
            }

            var catalog = server.Services.GetRequiredService<IFunctionCatalog>();
            await catalog.CreateAsync(Tenants.Default, new FunctionDefinition
            {
                Name = "bench",
                Runtime = "python3.11",
                Handler = "app.handler",
                ZipFile = Zip(Path.Combine(functionDirectory, "app.py")),
                Settings = new FunctionSettings { MemoryMb = 1769, TimeoutSeconds = 30 },
            }, CancellationToken.None);
            var invoker = server.Services.GetRequiredService<IInvoker>();
            var request = new InvokeRequest { TenantId = Tenants.Default, FunctionName = "bench", Payload = Payload };
            var grain = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IFunctionGrain>("bench/grain-hop");
            await using var bare = await BareServer.StartAsync();

            // Warm everything once (JIT, connections, the sandbox) before measuring.
            for (var i = 0; i < 20; i++)
            {
                await GrainHopAsync(grain);
                await invoker.InvokeAsync(request, CancellationToken.None);
                await LambdaHttpAsync(http);
                await bare.CallAsync();
            }

            var sample = new PlatformSample([], [], [], []);
            for (var i = 0; i < count; i++)
            {
                // Interleaved, so that a noisy moment falls on every layer alike.
                sample.GrainHop.Add(await TimeAsync(() => GrainHopAsync(grain)));
                sample.Invoker.Add(await TimeAsync(() => invoker.InvokeAsync(request, CancellationToken.None)));
                sample.LambdaHttp.Add(await TimeAsync(() => LambdaHttpAsync(http)));
                sample.BareHttp.Add(await TimeAsync(bare.CallAsync));
            }

            return sample;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>What the invoker asks of the coordinator per invocation: a placement and a return.</summary>
    private static async Task GrainHopAsync(IFunctionGrain grain)
    {
        await grain.PlaceAsync(new PlacementRequest("r", null, "bench", 1));
        await grain.ReturnAsync(new SandboxReturn(null, "r", "bench", Reusable: false));
    }

    private static async Task LambdaHttpAsync(HttpClient http)
    {
        using var content = new ByteArrayContent(Payload);
        using var response = await http.PostAsync("/2015-03-31/functions/bench/invocations", content);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Clock.NowMs();
        await action();
        return Clock.NowMs() - start;
    }

    private static byte[] Zip(string file)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntryFromFile(file, Path.GetFileName(file));
        }

        return buffer.ToArray();
    }

    /// <summary>The baseline: Kestrel on loopback answering a POST with the same kind of small JSON body.</summary>
    private sealed class BareServer(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public static async Task<BareServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/invoke", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                return Results.Bytes(body.ToArray(), "application/json");
            });
            await app.StartAsync();
            return new BareServer(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
        }

        public async Task CallAsync()
        {
            using var content = new ByteArrayContent(Payload);
            using var response = await client.PostAsync("/invoke", content);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
