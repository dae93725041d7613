using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Kumo.FunctionalTests;

/// <summary><c>kumo apps</c> against canned answers: what it sends, prints and returns.</summary>
public sealed class AppsCliTests
{
    private const string ShopApp = """
        {"name":"shop","url":"http://shop.api.localhost:7070/","routeCount":3,
         "cors":{"allowCredentials":false,"allowMethods":["GET","POST"],"allowOrigins":["https://shop.example"],"maxAge":600},"debug":false,
         "authorizers":{"gate":{"type":"lambda","function":"gatekeeper","resultTtlSeconds":300,"identitySource":["$request.header.Authorization"],"enableSimpleResponses":true},
                        "users":{"type":"jwt","issuer":"https://id.example","secretSet":true,"clockSkewSeconds":60}},
         "apiKeys":[{"id":"k-4f9a0c2m7x","name":"partner-a","rateLimit":{"rate":5,"burst":10},"createdAt":"2026-01-31T12:00:00+00:00"}],
         "lastModified":"2026-01-31T12:00:00+00:00"}
        """;

    private const string BlogApp = """
        {"name":"blog","url":"http://blog.api.localhost:7070/","routeCount":1,"debug":false,"authorizers":{},"apiKeys":[]}
        """;

    private const string Settings = """{"authorizers": {"users": {"type": "jwt", "secret": "a-shared-secret-of-at-least-32-bytes!!"}}}""";

    private static readonly Dictionary<string, string> NoHeaders = [];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string UnusedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>Runs <paramref name="test"/> with a settings file holding <paramref name="content"/>, and removes the file after.</summary>
    private static async Task WithFileAsync(string content, Func<string, Task> test)
    {
        var file = Path.Combine(Path.GetTempPath(), $"kumo-app-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, content);
        try
        {
            await test(file);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task AppsLs_PrintsATableOfApps()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, $$"""{"apps":[{{BlogApp}},{{ShopApp}}]}""");

        var kumo = await KumoProcess.RunAsync("apps", "ls", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        var lines = Lines(kumo.Stdout);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^APP\s+ROUTES\s+AUTHORISERS\s+API KEYS\s+CORS\s+DEBUG\s+URL$", lines[0]);
        Assert.Matches(@"^blog\s+1\s+-\s+0\s+no\s+no\s+http://blog\.api\.localhost:7070/$", lines[1]);
        Assert.Matches(@"^shop\s+3\s+gate \(lambda\), users \(jwt\)\s+1\s+yes\s+no\s+http://shop\.api\.localhost:7070/$", lines[2]);
        Assert.Equal(("GET", "/_kumo/v1/apps"), (Assert.Single(kumoApi.Requests).Method, kumoApi.Requests[0].Path));
    }

    [Fact]
    public async Task AppsLs_JsonAndNone()
    {
        await using var some = CannedHttpServer.Start(200, NoHeaders, $$"""{"apps":[{{ShopApp}}]}""");
        await using var none = CannedHttpServer.Start(200, NoHeaders, """{"apps":[]}""");

        var json = await KumoProcess.RunAsync("apps", "ls", "--json", "--endpoint", some.Endpoint);
        var empty = await KumoProcess.RunAsync("apps", "ls", "--endpoint", none.Endpoint);

        Assert.Equal((0, 0), (json.ExitCode, empty.ExitCode));
        using var document = JsonDocument.Parse(json.Stdout);
        var app = Assert.Single(document.RootElement.GetProperty("apps").EnumerateArray());
        Assert.True(app.GetProperty("authorizers").GetProperty("users").GetProperty("secretSet").GetBoolean());
        Assert.StartsWith("No apps yet", Assert.Single(Lines(empty.Stdout)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppsGet_PrintsTheSettings()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, ShopApp);

        var kumo = await KumoProcess.RunAsync("apps", "get", "shop", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        var lines = Lines(kumo.Stdout);
        Assert.Contains(lines, l => l.StartsWith("url", StringComparison.Ordinal) && l.EndsWith("http://shop.api.localhost:7070/", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cors", StringComparison.Ordinal) && l.EndsWith("origins https://shop.example; methods GET, POST; max age 600 s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("users: jwt, issuer https://id.example, any audience, HS256 secret set, clock skew 60 s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("gate: lambda, function gatekeeper, identity $request.header.Authorization, decisions kept 300 s, simple answers", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("api key", StringComparison.Ordinal) && l.EndsWith("k-4f9a0c2m7x  partner-a  5/s burst 10  made 2026-01-31T12:00:00.000Z", StringComparison.Ordinal));
        Assert.Equal("/_kumo/v1/apps/shop", Assert.Single(kumoApi.Requests).Path);
    }

    [Fact]
    public async Task AppsGet_NoSuchApp_PrintsTheServersMessageAndExitsOne()
    {
        await using var kumoApi = CannedHttpServer.Start(404, NoHeaders, """{"code":"NotFound","message":"there is no app 'ghost'."}""");

        var kumo = await KumoProcess.RunAsync("apps", "get", "ghost", "--json", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal("kumo: there is no app 'ghost'.", Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public Task AppsPut_SendsTheFileAsItIsAndPrintsTheApp() => WithFileAsync(Settings, async file =>
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, ShopApp);

        var kumo = await KumoProcess.RunAsync("apps", "put", "shop", "--file", file, "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Contains(Lines(kumo.Stdout), l => l.EndsWith("HS256 secret set, clock skew 60 s", StringComparison.Ordinal));
        Assert.DoesNotContain("a-shared-secret", kumo.Stdout, StringComparison.Ordinal);
        var request = Assert.Single(kumoApi.Requests);
        Assert.Equal(("PUT", "/_kumo/v1/apps/shop", Settings), (request.Method, request.Path, request.Body));
    });

    [Theory]
    [InlineData(400, "InvalidParameter", 2)]
    [InlineData(409, "Conflict", 1)]
    public Task AppsPut_Refused_PrintsTheServersMessage(int status, string code, int exitCode) => WithFileAsync(Settings, async file =>
    {
        await using var kumoApi = CannedHttpServer.Start(status, NoHeaders, $$"""{"code":"{{code}}","message":"refused because {{code}}"}""");

        var kumo = await KumoProcess.RunAsync("apps", "put", "shop", "--file", file, "--endpoint", kumoApi.Endpoint);

        Assert.Equal(exitCode, kumo.ExitCode);
        Assert.Equal($"kumo: refused because {code}", Assert.Single(Lines(kumo.Stderr)));
    });

    [Fact]
    public async Task AppsPut_FileMissingOrNotJson_IsAUsageErrorAndSendsNothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"kumo-app-{Guid.NewGuid():N}.json");

        var noFile = await KumoProcess.RunAsync("apps", "put", "shop", "--file", missing, "--endpoint", UnusedEndpoint());
        await WithFileAsync("{oops", async file =>
        {
            var notJson = await KumoProcess.RunAsync("apps", "put", "shop", "--file", file, "--endpoint", UnusedEndpoint());

            Assert.Equal(2, notJson.ExitCode);
            Assert.StartsWith($"kumo: settings file '{file}' is not JSON", Assert.Single(Lines(notJson.Stderr)), StringComparison.Ordinal);
        });

        Assert.Equal(2, noFile.ExitCode);
        Assert.StartsWith($"kumo: settings file '{missing}' does not exist", Assert.Single(Lines(noFile.Stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppsPut_WithoutFile_IsAUsageError()
    {
        var kumo = await KumoProcess.RunAsync("apps", "put", "shop", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains("--file", Lines(kumo.Stderr)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppsRm_SendsDeleteAndSaysSo()
    {
        await using var kumoApi = CannedHttpServer.Start(204, NoHeaders, "");

        var kumo = await KumoProcess.RunAsync("apps", "rm", "shop", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("Removed the settings and API keys of app 'shop'; its routes are kept.", Assert.Single(Lines(kumo.Stdout)));
        Assert.Equal(("DELETE", "/_kumo/v1/apps/shop"), (Assert.Single(kumoApi.Requests).Method, kumoApi.Requests[0].Path));
    }

    [Fact]
    public async Task AppsRm_RoutesUseTheSettings_PrintsTheServersMessageAndExitsOne()
    {
        await using var kumoApi = CannedHttpServer.Start(409, NoHeaders, """{"code":"Conflict","message":"app 'shop' has routes that use its settings: r-1 (GET /a) uses API keys."}""");

        var kumo = await KumoProcess.RunAsync("apps", "rm", "shop", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(1, kumo.ExitCode);
        Assert.Equal("kumo: app 'shop' has routes that use its settings: r-1 (GET /a) uses API keys.", Assert.Single(Lines(kumo.Stderr)));
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public async Task KeysAdd_PrintsTheKeyAloneAndWarnsItIsShownOnce()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, """
            {"id":"k-4f9a0c2m7x","name":"partner-a","key":"q8Jx3xv0bHk2cQv1o1yW9sQm4sVvK0Lw0o4kq3mD3aE","rateLimit":{"rate":5,"burst":10},"createdAt":"2026-01-31T12:00:00+00:00"}
            """);

        var kumo = await KumoProcess.RunAsync("apps", "keys", "add", "shop", "partner-a", "--rate", "5", "--burst", "10", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("q8Jx3xv0bHk2cQv1o1yW9sQm4sVvK0Lw0o4kq3mD3aE", Assert.Single(Lines(kumo.Stdout)));
        var warning = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith("Made API key k-4f9a0c2m7x ('partner-a') for app 'shop'. It cannot be shown again", warning, StringComparison.Ordinal);
        var request = Assert.Single(kumoApi.Requests);
        Assert.Equal(
            ("POST", "/_kumo/v1/apps/shop/keys", """{"name":"partner-a","rateLimit":{"rate":5,"burst":10}}"""),
            (request.Method, request.Path, request.Body));
    }

    [Fact]
    public async Task KeysAdd_WithoutRate_SendsOnlyTheName()
    {
        await using var kumoApi = CannedHttpServer.Start(201, NoHeaders, """
            {"id":"k-4f9a0c2m7x","name":"ops","key":"abc","createdAt":"2026-01-31T12:00:00+00:00"}
            """);

        var kumo = await KumoProcess.RunAsync("apps", "keys", "add", "shop", "ops", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("""{"name":"ops"}""", Assert.Single(kumoApi.Requests).Body);
    }

    [Fact]
    public async Task KeysAdd_RateWithoutBurst_IsAUsageErrorAndSendsNothing()
    {
        var kumo = await KumoProcess.RunAsync("apps", "keys", "add", "shop", "ops", "--rate", "5", "--endpoint", UnusedEndpoint());

        Assert.Equal(2, kumo.ExitCode);
        Assert.Contains("--rate and --burst go together", Lines(kumo.Stderr)[0], StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }

    [Fact]
    public async Task KeysLs_PrintsATableWithoutKeys()
    {
        await using var kumoApi = CannedHttpServer.Start(200, NoHeaders, """
            {"keys":[{"id":"k-4f9a0c2m7x","name":"partner-a","rateLimit":{"rate":0.5,"burst":10},"createdAt":"2026-01-31T12:00:00+00:00"},
                     {"id":"k-0000000001","name":"ops","createdAt":"2026-01-31T13:00:00+00:00"}]}
            """);

        var kumo = await KumoProcess.RunAsync("apps", "keys", "ls", "shop", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        var lines = Lines(kumo.Stdout);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^KEY ID\s+NAME\s+RATE LIMIT\s+CREATED$", lines[0]);
        Assert.Matches(@"^k-4f9a0c2m7x\s+partner-a\s+0\.5/s burst 10\s+2026-01-31T12:00:00\.000Z$", lines[1]);
        Assert.Matches(@"^k-0000000001\s+ops\s+-\s+2026-01-31T13:00:00\.000Z$", lines[2]);
        Assert.Equal("/_kumo/v1/apps/shop/keys", Assert.Single(kumoApi.Requests).Path);
    }

    [Fact]
    public async Task KeysRm_SendsDeleteAndSaysSo()
    {
        await using var kumoApi = CannedHttpServer.Start(204, NoHeaders, "");

        var kumo = await KumoProcess.RunAsync("apps", "keys", "rm", "shop", "k-4f9a0c2m7x", "--endpoint", kumoApi.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Equal("Removed API key k-4f9a0c2m7x of app 'shop'.", Assert.Single(Lines(kumo.Stdout)));
        Assert.Equal(("DELETE", "/_kumo/v1/apps/shop/keys/k-4f9a0c2m7x"), (Assert.Single(kumoApi.Requests).Method, kumoApi.Requests[0].Path));
    }

    [Theory]
    [InlineData("apps ls")]
    [InlineData("apps get shop")]
    [InlineData("apps rm shop")]
    [InlineData("apps keys add shop ops")]
    [InlineData("apps keys ls shop")]
    [InlineData("apps keys rm shop k-1")]
    public async Task Verb_NoServer_ExitsOneWithOneLineSayingHowToStartOne(string verb)
    {
        var endpoint = UnusedEndpoint();

        var kumo = await KumoProcess.RunAsync([.. verb.Split(' '), "--endpoint", endpoint], null);

        Assert.Equal(1, kumo.ExitCode);
        var line = Assert.Single(Lines(kumo.Stderr));
        Assert.StartsWith($"kumo: no Kumo server answers at {endpoint}/", line, StringComparison.Ordinal);
        Assert.Equal("", kumo.Stdout);
    }
}
