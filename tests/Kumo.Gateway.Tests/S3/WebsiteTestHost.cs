using System.Net;
using System.Net.Sockets;
using System.Text;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// A real Kestrel at a free port with <c>UseKumoS3()</c> and <c>UseKumoWebsites()</c> in the server's order, in front
/// of a fallback that marks what passed through, over an <see cref="InMemoryObjectStore"/>.
/// </summary>
public abstract class WebsiteTestHost : IAsyncLifetime
{
    /// <summary>The header the fallback sets, so a test can tell that a request was not taken by S3 or a website.</summary>
    public const string PassedThroughHeader = "x-test-passed-through";

    private WebApplication _app = null!;
    private Uri _endpoint = null!;

    internal ManualClock Clock { get; } = new(S3TestHost.Start);

    internal InMemoryObjectStore Store { get; private set; } = null!;

    internal PlatformLifecycle Lifecycle { get; } = new();

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Whether the platform is marked ready once the host listens; false to see how websites answer while Kumo starts.</summary>
    protected virtual bool ReadyOnStart => true;

    public virtual async Task InitializeAsync()
    {
        Store = new InMemoryObjectStore(Clock);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton(Lifecycle);
        builder.Services.AddSingleton(new GatewayOptions());
        builder.Services.AddSingleton<IObjectStore>(Store);
        builder.Services.AddSingleton(new PlatformRegion("us-east-1", "000000000000"));
        _app = builder.Build();
        _app.UseKumoS3();
        _app.UseKumoWebsites();
        _app.MapFallback(context =>
        {
            context.Response.Headers[PassedThroughHeader] = "1";
            return context.Response.WriteAsync("not a website");
        });
        await _app.StartAsync();
        if (ReadyOnStart)
        {
            Lifecycle.MarkReady();
        }

        _endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _endpoint };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(_endpoint.Host, _endpoint.Port));
    }

    /// <summary>Sends a request to <paramref name="pathAndQuery"/> on <paramref name="host"/> (null: the real address).</summary>
    protected async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, string? host, Action<HttpRequestMessage>? configure = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    /// <summary>Makes a bucket through the S3 API.</summary>
    protected async Task CreateBucketAsync(string name)
    {
        using var response = await SendAsync(HttpMethod.Put, "/" + name, "s3.localhost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Sets a bucket's website configuration through the S3 API (PutBucketWebsite) and checks that it was taken.</summary>
    protected async Task PutWebsiteAsync(string bucket, string configuration)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/{bucket}?website", "s3.localhost",
            content: new StringContent($"<WebsiteConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{configuration}</WebsiteConfiguration>", Encoding.UTF8));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
