using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.StaticContent;
using Kumo.Gateway.Tests.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kumo.Gateway.Tests.StaticContent;

/// <summary>
/// <see cref="StaticObjectResponder"/> behind a real Kestrel at a free port, over an in-memory bucket: every request
/// serves the key its path names (with <c>?status=</c> as the status asked for), and says what the responder did in
/// <c>x-outcome</c> when it wrote nothing.
/// </summary>
public sealed class StaticObjectResponderTests : IAsyncLifetime
{
    private const string Bucket = "site";
    private static readonly DateTimeOffset Written = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<!doctype html><h1>Hello</h1>\n");

    private readonly InMemoryObjectStore _store = new(new ManualClock(Written));
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        await _store.CreateBucketAsync(new BucketInfo("default", Bucket, Written, "us-east-1"), CancellationToken.None);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var key = Uri.UnescapeDataString(context.Request.Path.Value![1..]);
            var status = int.Parse(context.Request.Query["status"].FirstOrDefault() ?? "200", CultureInfo.InvariantCulture);
            var outcome = await StaticObjectResponder.ServeAsync(context, _store, Bucket, key, status);
            if (outcome != StaticObjectOutcome.Sent)
            {
                context.Response.Headers["x-outcome"] = outcome.ToString();
            }
        });
        await _app.StartAsync();
        _endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _client = new HttpClient { BaseAddress = _endpoint };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(_endpoint.Host, _endpoint.Port));
    }

    private ObjectInfo Seed(string key, byte[] bytes, string? contentType = null, Dictionary<string, string>? headers = null) =>
        _store.Seed(Bucket, key, bytes, write => write with { ContentType = contentType, Headers = headers ?? [] });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        configure?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private static string? Outcome(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-outcome", out var values) ? values.Single() : null;

    [Fact]
    public async Task Get_StoredObject_SendsItsBodyAndEveryHeader()
    {
        var info = Seed("index.html", Page, "text/html; charset=utf-8",
            new() { ["Cache-Control"] = "max-age=60, public", ["Content-Language"] = "en", ["Content-Disposition"] = "inline" });

        using var response = await SendAsync(HttpMethod.Get, "/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Page, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(Page.Length, response.Content.Headers.ContentLength);
        Assert.Equal(info.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("Tue, 04 Mar 2025 05:06:07 GMT", response.Content.Headers.GetValues("Last-Modified").Single());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal("max-age=60, public", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.ToString());
        Assert.Null(Outcome(response));
    }

    [Fact]
    public async Task Get_ContentEncodingStored_IsSentAsStored()
    {
        var gzipped = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        Seed("app.js", gzipped, "text/javascript", new() { ["Content-Encoding"] = "gzip" });

        using var response = await SendAsync(HttpMethod.Get, "/app.js");

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal(gzipped, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("page.html", null, "text/html")]
    [InlineData("css/site.css", "binary/octet-stream", "text/css")]
    [InlineData("app.js", "", "text/javascript")]
    [InlineData("logo.svg", null, "image/svg+xml")]
    [InlineData("data.json", null, "application/json")]
    [InlineData("font.woff2", null, "font/woff2")]
    [InlineData("notes", null, "binary/octet-stream")]
    [InlineData("archive.tar", "application/x-custom", "application/x-custom")]
    public void ContentTypeOf_WithoutAStoredType_ComesFromTheExtension(string key, string? stored, string expected)
    {
        var info = new ObjectInfo { Bucket = Bucket, Key = key, Size = 0, ETag = "\"e\"", LastModified = Written, ContentType = stored! };

        Assert.Equal(expected, StaticObjectResponder.ContentTypeOf(info));
    }

    [Fact]
    public async Task Get_StoredWithoutAType_IsSentWithTheExtensionsType()
    {
        Seed("docs/guide.html", Page);

        using var response = await SendAsync(HttpMethod.Get, "/docs/guide.html");

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Head_SendsTheHeadersWithoutTheBody()
    {
        var info = Seed("index.html", Page, "text/html");

        using var response = await SendAsync(HttpMethod.Head, "/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Page.Length, response.Content.Headers.ContentLength);
        Assert.Equal(info.ETag, response.Headers.ETag!.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_Missing_IsNotFoundAndWritesNothing()
    {
        using var response = await SendAsync(HttpMethod.Get, "/nothing.html");

        Assert.Equal("NotFound", Outcome(response));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Get_IfNoneMatchTheETag_Is304WithValidatorsAndCachingHeaders(bool weak)
    {
        var info = Seed("index.html", Page, "text/html", new() { ["Cache-Control"] = "no-cache", ["Expires"] = "Thu, 01 Dec 2033 16:00:00 GMT" });

        using var response = await SendAsync(HttpMethod.Get, "/index.html",
            r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"other\", {(weak ? "W/" : "")}{info.ETag}"));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(info.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("Thu, 01 Dec 2033 16:00:00 GMT", response.Content.Headers.GetValues("Expires").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_IfNoneMatchAnotherETag_SendsTheObject()
    {
        Seed("index.html", Page, "text/html");

        using var response = await SendAsync(HttpMethod.Get, "/index.html", r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"0123\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Page, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_IfModifiedSinceNotBefore_Is304_ButIfNoneMatchDecidesWhenBothAreSent()
    {
        Seed("index.html", Page, "text/html");

        using var notModified = await SendAsync(HttpMethod.Get, "/index.html", r => r.Headers.IfModifiedSince = Written.AddSeconds(1));
        using var modified = await SendAsync(HttpMethod.Get, "/index.html", r => r.Headers.IfModifiedSince = Written.AddDays(-1));
        using var etagWins = await SendAsync(HttpMethod.Get, "/index.html", r =>
        {
            r.Headers.IfModifiedSince = Written.AddDays(1);
            r.Headers.TryAddWithoutValidation("If-None-Match", "\"other\"");
        });

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, etagWins.StatusCode);
    }

    [Fact]
    public async Task Get_IfMatchAnotherETagOrIfUnmodifiedSinceBefore_IsPreconditionFailed()
    {
        var info = Seed("index.html", Page, "text/html");

        using var ifMatch = await SendAsync(HttpMethod.Get, "/index.html", r => r.Headers.TryAddWithoutValidation("If-Match", "\"other\""));
        using var unmodified = await SendAsync(HttpMethod.Get, "/index.html", r => r.Headers.IfUnmodifiedSince = Written.AddDays(-1));
        using var matchWins = await SendAsync(HttpMethod.Get, "/index.html", r =>
        {
            r.Headers.TryAddWithoutValidation("If-Match", info.ETag);
            r.Headers.IfUnmodifiedSince = Written.AddDays(-1);
        });

        Assert.Equal((HttpStatusCode.PreconditionFailed, "PreconditionFailed"), (ifMatch.StatusCode, Outcome(ifMatch)));
        Assert.Equal((HttpStatusCode.PreconditionFailed, "PreconditionFailed"), (unmodified.StatusCode, Outcome(unmodified)));
        Assert.Equal(HttpStatusCode.OK, matchWins.StatusCode);
    }

    [Theory]
    [InlineData("bytes=2-5", 2, 4)]
    [InlineData("bytes=10-", 10, 20)]
    [InlineData("bytes=-4", 26, 4)]
    [InlineData("bytes=25-1000", 25, 5)]
    public async Task Get_OneRange_Is206WithContentRangeAndThoseBytes(string range, int start, int length)
    {
        var bytes = Enumerable.Range(0, 30).Select(i => (byte)i).ToArray();
        Seed("data.bin", bytes);

        using var response = await SendAsync(HttpMethod.Get, "/data.bin", r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {start}-{start + length - 1}/30", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes.Skip(start).Take(length), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_RangePastTheEnd_IsRangeNotSatisfiableWithTheSize()
    {
        Seed("data.bin", new byte[30]);

        using var response = await SendAsync(HttpMethod.Get, "/data.bin", r => r.Headers.TryAddWithoutValidation("Range", "bytes=30-40"));

        Assert.Equal((HttpStatusCode.RequestedRangeNotSatisfiable, "RangeNotSatisfiable"), (response.StatusCode, Outcome(response)));
        Assert.Equal("bytes */30", response.Content.Headers.ContentRange!.ToString());
    }

    [Theory]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("items=0-5")]
    [InlineData("bytes=5-2")]
    public async Task Get_RangeThatIsNotOneByteRange_SendsEverything(string range)
    {
        Seed("data.bin", new byte[30]);

        using var response = await SendAsync(HttpMethod.Get, "/data.bin", r => r.Headers.TryAddWithoutValidation("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(30, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Get_IfRange_ServesTheRangeOnlyWhileTheObjectIsTheSame()
    {
        var info = Seed("data.bin", new byte[30]);

        using var same = await SendAsync(HttpMethod.Get, "/data.bin", r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
            r.Headers.TryAddWithoutValidation("If-Range", info.ETag);
        });
        using var changed = await SendAsync(HttpMethod.Get, "/data.bin", r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
            r.Headers.TryAddWithoutValidation("If-Range", "\"stale\"");
        });
        using var sameDate = await SendAsync(HttpMethod.Get, "/data.bin", r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
            r.Headers.TryAddWithoutValidation("If-Range", "Tue, 04 Mar 2025 05:06:07 GMT");
        });

        Assert.Equal(HttpStatusCode.PartialContent, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(30, (await changed.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.PartialContent, sameDate.StatusCode);
    }

    [Fact]
    public async Task Get_AnotherStatus_SendsTheWholeObjectWithItAndIgnoresConditionsAndRange()
    {
        var info = Seed("404.html", Page, "text/html");

        using var response = await SendAsync(HttpMethod.Get, "/404.html?status=404", r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-3");
            r.Headers.TryAddWithoutValidation("If-None-Match", info.ETag);
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Page, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Get_LargeObject_IsStreamedWhole()
    {
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(11).NextBytes(bytes);
        Seed("big.bin", bytes);

        using var response = await SendAsync(HttpMethod.Get, "/big.bin");

        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void RangeStillApplies_WeakETagOrOtherDate_IsFalse()
    {
        var info = new ObjectInfo { Bucket = Bucket, Key = "k", Size = 1, ETag = "\"abc\"", LastModified = Written };

        Assert.True(StaticObjectResponder.RangeStillApplies("", info));
        Assert.True(StaticObjectResponder.RangeStillApplies("\"abc\"", info));
        Assert.False(StaticObjectResponder.RangeStillApplies("W/\"abc\"", info));
        Assert.False(StaticObjectResponder.RangeStillApplies("Tue, 04 Mar 2025 05:06:08 GMT", info));
        Assert.False(StaticObjectResponder.RangeStillApplies("not a date", info));
    }
}
