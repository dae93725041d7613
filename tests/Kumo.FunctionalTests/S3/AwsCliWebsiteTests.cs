using System.Net;
using System.Text.Json;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// Static content from buckets on a real <c>kumo up</c>: a site uploaded with <c>aws s3 sync</c> and made a website
/// with <c>aws s3 website</c>, read back with <c>aws s3api get-bucket-website</c> and served at
/// <c>{bucket}.s3-website.localhost</c> and <c>/_kumo/site/{bucket}/</c>; and the same files served by an app route
/// added with <c>kumo routes add APP 'GET /{proxy+}' --bucket BUCKET</c>.
/// </summary>
public sealed class AwsCliWebsiteTests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateDirectory(server.Temp.Combine("site-" + Guid.NewGuid().ToString("N")[..8]));

    private AwsS3Cli Cli => new(server, _work.FullName);

    public void Dispose() => _work.Delete(recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_work.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>A bucket holding a small site: an index, a folder with its own index, a script, a stylesheet and an error page.</summary>
    private async Task<string> UploadSiteAsync(string purpose)
    {
        var bucket = S3Server.NewBucketName(purpose);
        Write("site/index.html", "<h1>home</h1>");
        Write("site/docs/index.html", "<h1>docs</h1>");
        Write("site/js/app.js", "console.log('hi');");
        Write("site/css/site.css", "body { color: teal }");
        Write("site/error.html", "<h1>not here</h1>");
        await Cli.OkAsync("s3", "mb", $"s3://{bucket}");
        await Cli.OkAsync("s3", "sync", "site", $"s3://{bucket}", "--no-progress");
        return bucket;
    }

    private HttpClient Http() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.Endpoint) };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task S3Website_SetWithTheCli_ServesIndexFoldersTypesAndTheErrorDocument()
    {
        var bucket = await UploadSiteAsync("web");
        var host = $"{bucket}.s3-website.localhost";

        await Cli.OkAsync("s3", "website", $"s3://{bucket}", "--index-document", "index.html", "--error-document", "error.html");
        var configuration = await Cli.JsonAsync("s3api", "get-bucket-website", "--bucket", bucket);
        using var http = Http();
        using var root = await GetAsync(http, "/", host);
        using var folder = await GetAsync(http, "/docs/", host);
        using var bare = await GetAsync(http, "/docs", host);
        using var script = await GetAsync(http, "/js/app.js", host);
        using var style = await GetAsync(http, "/css/site.css", host);
        using var missing = await GetAsync(http, "/nope.html", host);
        using var byPath = await GetAsync(http, $"/_kumo/site/{bucket}/docs/", null);

        Assert.Equal("index.html", configuration.GetProperty("IndexDocument").GetProperty("Suffix").GetString());
        Assert.Equal("error.html", configuration.GetProperty("ErrorDocument").GetProperty("Key").GetString());
        Assert.Equal((HttpStatusCode.OK, "<h1>home</h1>"), (root.StatusCode, await root.Content.ReadAsStringAsync()));
        Assert.Equal("text/html", root.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<h1>docs</h1>", await folder.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Found, "/docs/"), (bare.StatusCode, bare.Headers.Location?.OriginalString));
        Assert.Contains(script.Content.Headers.ContentType!.MediaType, new[] { "text/javascript", "application/javascript" });
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        Assert.Equal((HttpStatusCode.NotFound, "<h1>not here</h1>"), (missing.StatusCode, await missing.Content.ReadAsStringAsync()));
        Assert.Equal("<h1>docs</h1>", await byPath.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task S3Website_DeletedWithTheCli_Is404NoSuchWebsiteConfiguration()
    {
        var bucket = await UploadSiteAsync("unweb");
        await Cli.OkAsync("s3", "website", $"s3://{bucket}", "--index-document", "index.html");

        await Cli.OkAsync("s3api", "delete-bucket-website", "--bucket", bucket);
        var (code, _) = await Cli.FailsAsync("s3api", "get-bucket-website", "--bucket", bucket);
        using var http = Http();
        using var page = await GetAsync(http, "/", $"{bucket}.s3-website.localhost");

        Assert.Equal("NoSuchWebsiteConfiguration", code);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("<li>Code: NoSuchWebsiteConfiguration</li>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3Api_PutBucketWebsite_RoutingRulesRedirect_AndWhatS3RefusesIsRefused()
    {
        var bucket = await UploadSiteAsync("rules");
        Write("website.json", JsonSerializer.Serialize(new
        {
            IndexDocument = new { Suffix = "index.html" },
            RoutingRules = new object[]
            {
                new { Condition = new { KeyPrefixEquals = "manual/" }, Redirect = new { ReplaceKeyPrefixWith = "docs/" } },
                new { Condition = new { HttpErrorCodeReturnedEquals = "404" }, Redirect = new { HostName = "example.com", HttpRedirectCode = "302" } },
            },
        }));

        await Cli.OkAsync("s3api", "put-bucket-website", "--bucket", bucket, "--website-configuration", "file://website.json");
        var configuration = await Cli.JsonAsync("s3api", "get-bucket-website", "--bucket", bucket);
        var (code, message) = await Cli.FailsAsync("s3api", "put-bucket-website", "--bucket", bucket, "--website-configuration", """{"ErrorDocument":{"Key":"error.html"}}""");
        using var http = Http();
        using var moved = await GetAsync(http, "/manual/", $"{bucket}.s3-website.localhost");
        using var missing = await GetAsync(http, "/gone.html", $"{bucket}.s3-website.localhost");

        Assert.Equal(2, configuration.GetProperty("RoutingRules").GetArrayLength());
        Assert.Equal(("InvalidArgument", "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty"), (code, message));
        Assert.Equal((HttpStatusCode.MovedPermanently, "/docs/"), (moved.StatusCode, moved.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.Found, "http://example.com/gone.html"), (missing.StatusCode, missing.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task RoutesAddWithBucket_TheSamplesCommand_ServesTheBucketAtTheAppsAddress()
    {
        var bucket = await UploadSiteAsync("app");
        var app = "static-" + Guid.NewGuid().ToString("N")[..8];

        var add = await KumoProcess.RunAsync("routes", "add", app, "GET /{proxy+}", "--bucket", bucket, "--endpoint", server.Endpoint);
        var list = await KumoProcess.RunAsync("routes", "ls", "--app", app, "--endpoint", server.Endpoint);
        using var http = Http();
        using var root = await GetAsync(http, "/", $"{app}.api.localhost");
        using var style = await GetAsync(http, $"/_kumo/api/{app}/css/site.css", null);

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal($"http://{app}.api.localhost:{new Uri(server.Endpoint).Port}/{{proxy+}}", add.Stdout.Split('\n')[1].Trim());
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains($"s3://{bucket}/", list.Stdout, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "<h1>home</h1>"), (root.StatusCode, await root.Content.ReadAsStringAsync()));
        Assert.Equal("body { color: teal }", await style.Content.ReadAsStringAsync());
    }
}
