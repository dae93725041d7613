using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Xml.Linq;
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
/// A real Kestrel at a free port with <c>UseKumoS3()</c> in front of a fallback that marks what passed through, over
/// an <see cref="InMemoryObjectStore"/> and a <see cref="ManualClock"/>. Requests go path-style to <c>s3.localhost</c>
/// unless a test says otherwise.
/// </summary>
public abstract class S3TestHost : IAsyncLifetime
{
    /// <summary>The header the fallback sets, so a test can tell that a request was not taken as S3.</summary>
    public const string PassedThroughHeader = "x-test-passed-through";

    /// <summary>An <c>Authorization</c> header as the aws CLI signs for S3 (the signature is not checked).</summary>
    public const string S3Authorization =
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250102/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00ff";

    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private WebApplication _app = null!;
    private Uri _endpoint = null!;

    internal ManualClock Clock { get; } = new(Start);

    internal InMemoryObjectStore Store { get; private set; } = null!;

    internal PlatformLifecycle Lifecycle { get; } = new();

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Whether the platform is marked ready once the host listens; false to see how S3 answers while Kumo starts.</summary>
    protected virtual bool ReadyOnStart => true;

    /// <summary>Whether the client follows redirects (a website test looks at them instead).</summary>
    protected virtual bool FollowRedirects => true;

    /// <summary>The gateway's middleware under test, in the server's order, ahead of the fallback.</summary>
    protected virtual void UseGateway(WebApplication app) => app.UseKumoS3();

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
        builder.Services.AddSingleton<IMultipartStore>(Store);
        builder.Services.AddSingleton(new PlatformRegion("us-east-1", "000000000000"));
        _app = builder.Build();
        UseGateway(_app);
        _app.MapFallback(context =>
        {
            context.Response.Headers[PassedThroughHeader] = "1";
            return context.Response.WriteAsync("not S3");
        });
        await _app.StartAsync();
        if (ReadyOnStart)
        {
            Lifecycle.MarkReady();
        }

        _endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = FollowRedirects }) { BaseAddress = _endpoint };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(_endpoint.Host, _endpoint.Port));
    }

    /// <summary>Sends a request to <paramref name="pathAndQuery"/> on <paramref name="host"/> (null: the real address, no S3 host).</summary>
    protected async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content = null, Action<HttpRequestMessage>? configure = null, string? host = "s3.localhost")
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    protected Task<HttpResponseMessage> PutBytesAsync(string pathAndQuery, byte[] bytes, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Put, pathAndQuery, new ByteArrayContent(bytes), configure);

    protected async Task CreateBucketAsync(string name)
    {
        using var response = await SendAsync(HttpMethod.Put, "/" + name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    protected async Task<XElement> XmlAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return XElement.Parse(text);
    }

    /// <summary>Checks an S3 error answer: status, <c>Code</c>, request ids; gives the document.</summary>
    protected async Task<XElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var error = await XmlAsync(response, status);
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal(code, (string?)error.Element("Code"));
        Assert.False(string.IsNullOrEmpty((string?)error.Element("Message")));
        var requestId = Assert.Single(response.Headers.GetValues("x-amz-request-id"));
        Assert.Equal(requestId, (string?)error.Element("RequestId"));
        Assert.Matches("^[0-9A-F]{16}$", requestId);
        Assert.Single(response.Headers.GetValues("x-amz-id-2"));
        return error;
    }

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    protected static ByteArrayContent Body(byte[] bytes, string? contentType = null)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    /// <summary>The namespace of S3's documents, for reading them.</summary>
    protected static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
}
