using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Kumo.Gateway.Tests.S3;

/// <summary>
/// Buckets' static websites: the <c>?website</c> configuration through the S3 API, and pages served at
/// <c>{bucket}.s3-website.localhost</c> and <c>/_kumo/site/{bucket}/</c> as S3's website endpoints serve them.
/// </summary>
public sealed class WebsiteTests : WebsiteTestHost
{
    private const string Site = "site";
    private const string Host = "site.s3-website.localhost";
    private const string IndexAndError = "<IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument>";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateBucketAsync(Site);
        Seed("index.html", "<h1>home</h1>");
        Seed("docs/index.html", "<h1>docs</h1>");
        Seed("docs/guide.html", "<h1>guide</h1>");
        Seed("a b/ü.html", "<h1>spaced</h1>");
        Seed("error.html", "<h1>oops</h1>");
        Seed("app.js", "console.log(1)", contentType: null);
    }

    private void Seed(string key, string text, string? contentType = "text/html") =>
        Store.Seed(Site, key, Encoding.UTF8.GetBytes(text), write => write with { ContentType = contentType });

    private Task<HttpResponseMessage> GetAsync(string path, string? host = Host, Action<HttpRequestMessage>? configure = null) =>
        VisitAsync(HttpMethod.Get, path, host, configure);

    private static async Task<string> PageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    [Fact]
    public async Task PutGetDeleteWebsite_RoundTripThroughTheS3Api()
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var get = await VisitAsync(HttpMethod.Get, $"/{Site}?website", "s3.localhost");
        var document = XElement.Parse(await get.Content.ReadAsStringAsync());
        using var delete = await VisitAsync(HttpMethod.Delete, $"/{Site}?website", "s3.localhost");
        using var gone = await VisitAsync(HttpMethod.Get, $"/{Site}?website", "s3.localhost");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(S3 + "WebsiteConfiguration", document.Name);
        Assert.Equal("index.html", (string?)document.Element(S3 + "IndexDocument")?.Element(S3 + "Suffix"));
        Assert.Equal("error.html", (string?)document.Element(S3 + "ErrorDocument")?.Element(S3 + "Key"));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("<Code>NoSuchWebsiteConfiguration</Code>", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutWebsite_ContentMd5_IsChecked()
    {
        var body = $"<WebsiteConfiguration>{IndexAndError}</WebsiteConfiguration>";
        using var wrong = await VisitAsync(HttpMethod.Put, $"/{Site}?website", "s3.localhost",
            r => r.Content!.Headers.ContentMD5 = MD5.HashData(Encoding.UTF8.GetBytes("other")), new StringContent(body, Encoding.UTF8));
        using var right = await VisitAsync(HttpMethod.Put, $"/{Site}?website", "s3.localhost",
            r => r.Content!.Headers.ContentMD5 = MD5.HashData(Encoding.UTF8.GetBytes(body)), new StringContent(body, Encoding.UTF8));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task PutWebsite_DocumentOver512KiB_IsMaxMessageLengthExceededNamingTheLimit()
    {
        var body = $"<WebsiteConfiguration>{IndexAndError}<!--{new string('x', 512 * 1024)}--></WebsiteConfiguration>";

        using var response = await VisitAsync(HttpMethod.Put, $"/{Site}?website", "s3.localhost", content: new StringContent(body, Encoding.UTF8));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("MaxMessageLengthExceeded", (string?)error.Element("Code"));
        Assert.StartsWith("Your request was too big.", (string?)error.Element("Message"), StringComparison.Ordinal);
        Assert.Contains("512 KiB", (string?)error.Element("Message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/nobucket?website", HttpStatusCode.NotFound, "NoSuchBucket")]
    [InlineData("GET", "/nobucket?website", HttpStatusCode.NotFound, "NoSuchBucket")]
    [InlineData("POST", "/site?website", HttpStatusCode.MethodNotAllowed, "MethodNotAllowed")]
    [InlineData("PUT", "/site?website", HttpStatusCode.BadRequest, "MalformedXML")]
    public async Task WebsiteSubresource_Refusals_AreS3Errors(string method, string path, HttpStatusCode status, string code)
    {
        using var response = await VisitAsync(new HttpMethod(method), path, "s3.localhost", content: new StringContent("<WebsiteConfiguration>"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"<Code>{code}</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", null, "<h1>home</h1>")]
    [InlineData("/index.html", null, "<h1>home</h1>")]
    [InlineData("/docs/", null, "<h1>docs</h1>")]
    [InlineData("/docs/guide.html", null, "<h1>guide</h1>")]
    [InlineData("/a%20b/%C3%BC.html", null, "<h1>spaced</h1>")]
    [InlineData("/_kumo/site/site/", "", "<h1>home</h1>")]
    [InlineData("/_kumo/site/site/docs/guide.html", "", "<h1>guide</h1>")]
    [InlineData("/", "site.s3-website-us-east-1.localhost", "<h1>home</h1>")]
    [InlineData("/", "site.s3-website.eu-west-1.localhost", "<h1>home</h1>")]
    [InlineData("/", "SITE.S3-Website.LOCALHOST", "<h1>home</h1>")]
    public async Task Get_ByHostOrPath_ServesTheObjectOrTheIndexDocument(string path, string? host, string expected)
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync(path, host is null ? Host : host.Length == 0 ? null : host);

        Assert.Equal(expected, await PageAsync(response, HttpStatusCode.OK));
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^[0-9A-F]{16}$", Header(response, "x-amz-request-id"));
        Assert.Null(Header(response, PassedThroughHeader));
    }

    [Theory]
    [InlineData("/app.js", Host)]
    [InlineData("/_kumo/site/site/app.js", null)]
    [InlineData("/nope.html", Host)]
    public async Task Get_ObjectOrErrorDocument_IsNeverSniffedIntoAnotherType(string path, string? host)
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync(path, host);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Get_ObjectStoredWithoutAType_HasTheTypeOfItsExtension()
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync("/app.js");

        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/docs", Host, "/docs/")]
    [InlineData("/_kumo/site/site/docs", null, "/_kumo/site/site/docs/")]
    [InlineData("/_kumo/site/site", null, "/_kumo/site/site/")]
    public async Task Get_FolderWithoutItsSlash_Redirects302ToIt(string path, string? host, string location)
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync(path, host);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_MissingKey_IsTheErrorDocumentWith404()
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync("/nope.html");
        using var head = await VisitAsync(HttpMethod.Head, "/nope.html", Host);

        Assert.Equal("<h1>oops</h1>", await PageAsync(response, HttpStatusCode.NotFound));
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_MissingKeyWithoutAnErrorDocument_IsS3s404PageNamingNoSuchKey()
    {
        await PutWebsiteAsync(Site, "<IndexDocument><Suffix>index.html</Suffix></IndexDocument>");

        using var response = await GetAsync("/missing/");

        var page = await PageAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>404 Not Found</title>", page, StringComparison.Ordinal);
        Assert.Contains("<li>Code: NoSuchKey</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li>Key: missing/index.html</li>", page, StringComparison.Ordinal);
        Assert.Contains($"<li>RequestId: {Header(response, "x-amz-request-id")}</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ErrorDocumentMissingToo_SaysSoOnThe404Page()
    {
        await PutWebsiteAsync(Site, "<IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>gone.html</Key></ErrorDocument>");

        using var response = await GetAsync("/nope.html");

        var page = await PageAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("<li>Key: nope.html</li>", page, StringComparison.Ordinal);
        Assert.Contains("An Error Occurred While Attempting to Retrieve a Custom Error Document", page, StringComparison.Ordinal);
        Assert.Contains("<li>Key: gone.html</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BucketWithoutAWebsite_Is404NoSuchWebsiteConfiguration()
    {
        using var response = await GetAsync("/");

        var page = await PageAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("<li>Code: NoSuchWebsiteConfiguration</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li>BucketName: site</li>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", "nobucket.s3-website.localhost")]
    [InlineData("/_kumo/site/nobucket/", null)]
    public async Task Get_NoSuchBucket_Is404NoSuchBucket(string path, string? host)
    {
        using var response = await GetAsync(path, host);

        var page = await PageAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("<li>Code: NoSuchBucket</li>", page, StringComparison.Ordinal);
        Assert.Contains("<li>BucketName: nobucket</li>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethods_Are405(string method)
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await VisitAsync(new HttpMethod(method), "/index.html", Host, content: new StringContent("x"));

        var page = await PageAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("<li>Code: MethodNotAllowed</li>", page, StringComparison.Ordinal);
        Assert.Equal("GET, HEAD", response.Content.Headers.NonValidated["Allow"].ToString());
        Assert.Equal("<h1>home</h1>", Encoding.UTF8.GetString(Store.BytesOf(Site, "index.html")!));
    }

    [Fact]
    public async Task Get_ConditionsAndRanges_WorkAsForAnyObject()
    {
        await PutWebsiteAsync(Site, IndexAndError);
        using var first = await GetAsync("/");
        var etag = first.Headers.ETag!.ToString();

        using var notModified = await GetAsync("/", configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        using var range = await GetAsync("/", configure: r => r.Headers.TryAddWithoutValidation("Range", "bytes=4-7"));
        using var unsatisfiable = await GetAsync("/", configure: r => r.Headers.TryAddWithoutValidation("Range", "bytes=100-"));
        using var failed = await GetAsync("/", configure: r => r.Headers.TryAddWithoutValidation("If-Match", "\"other\""));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("home", await PageAsync(range, HttpStatusCode.PartialContent));
        Assert.Contains("<li>Code: InvalidRange</li>", await PageAsync(unsatisfiable, HttpStatusCode.RequestedRangeNotSatisfiable), StringComparison.Ordinal);
        Assert.Equal("bytes */13", unsatisfiable.Content.Headers.ContentRange!.ToString());
        Assert.Contains("<li>Code: PreconditionFailed</li>", await PageAsync(failed, HttpStatusCode.PreconditionFailed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutingRules_PrefixRuleRedirectsBeforeAndErrorRuleAfterTheLookUp()
    {
        await PutWebsiteAsync(Site, """
            <IndexDocument><Suffix>index.html</Suffix></IndexDocument>
            <RoutingRules>
              <RoutingRule><Condition><KeyPrefixEquals>docs/old/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyPrefixWith>docs/</ReplaceKeyPrefixWith></Redirect></RoutingRule>
              <RoutingRule><Condition><KeyPrefixEquals>shop/</KeyPrefixEquals><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition>
                <Redirect><HostName>shop.example</HostName><Protocol>https</Protocol><ReplaceKeyWith>closed.html</ReplaceKeyWith><HttpRedirectCode>307</HttpRedirectCode></Redirect></RoutingRule>
            </RoutingRules>
            """);
        Seed("shop/open.html", "<h1>open</h1>");

        using var moved = await GetAsync("/docs/old/guide.html");
        using var movedByPath = await GetAsync("/_kumo/site/site/docs/old/guide.html", host: null);
        using var present = await GetAsync("/shop/open.html");
        using var missing = await GetAsync("/shop/gone.html");

        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("/docs/guide.html", moved.Headers.Location?.OriginalString);
        Assert.Equal("/_kumo/site/site/docs/guide.html", movedByPath.Headers.Location?.OriginalString);
        Assert.Equal("<h1>open</h1>", await PageAsync(present, HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, missing.StatusCode);
        Assert.Equal("https://shop.example/closed.html", missing.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RedirectAllRequestsTo_Sends301ToTheSamePathOnTheOtherHost()
    {
        await PutWebsiteAsync(Site, "<RedirectAllRequestsTo><HostName>www.example.com</HostName><Protocol>https</Protocol></RedirectAllRequestsTo>");

        using var response = await GetAsync("/docs/guide.html?x=1");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://www.example.com/docs/guide.html?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignedS3RequestToAWebsiteHost_IsTheWebsitesNotS3s()
    {
        await PutWebsiteAsync(Site, IndexAndError);

        using var response = await GetAsync("/", configure: r => r.Headers.TryAddWithoutValidation("Authorization", S3TestHost.S3Authorization));

        Assert.Equal("<h1>home</h1>", await PageAsync(response, HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("/", "shop.api.localhost")]
    [InlineData("/", "s3-website.localhost")]
    [InlineData("/", "site.s3-website-nowhere.localhost")]
    [InlineData("/_kumo/v1/routes", null)]
    [InlineData("/_kumo/site/", null)]
    [InlineData("/_kumo/sites/site/", null)]
    public async Task OtherAddresses_PassThrough(string path, string? host)
    {
        using var response = await GetAsync(path, host);

        Assert.Equal("1", Header(response, PassedThroughHeader));
    }
}
