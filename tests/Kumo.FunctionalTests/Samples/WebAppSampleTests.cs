using System.Text.Json;
using Kumo.FunctionalTests.Lambda;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// samples/webapp end to end: its <c>deploy.sh</c> run twice against a real server (the second run changes nothing),
/// then its page opened in a real headless Chromium by both of the app's addresses, greeting through the form and
/// showing the API's errors, with no console error and no failed request.
/// </summary>
[Collection(WebAppSampleCollection.Name)]
public sealed class WebAppSampleTests(LambdaServer server) : IClassFixture<LambdaServer>
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int SiteFiles => Directory.GetFiles(Path.Combine(WebAppSample.Folder, "site"), "*", SearchOption.AllDirectories).Length;

    [Fact]
    public async Task DeployScript_RunTwice_ServesThePageAndTheApiFromOneOrigin()
    {
        WebAppBrowser.EnsureInstalled();
        var hostUrl = $"http://{WebAppSample.App}.api.localhost:{new Uri(server.Endpoint).Port}/";
        var pathUrl = $"{server.Endpoint}/_kumo/api/{WebAppSample.App}/";

        var first = await WebAppSample.DeployAsync(server.Endpoint);
        var second = await WebAppSample.DeployAsync(server.Endpoint);
        var routes = await KumoProcess.RunAsync(["routes", "ls", "--app", WebAppSample.App, "--json", "--endpoint", server.Endpoint], null);

        Assert.True(first.ExitCode == 0, WebAppSample.Describe(first));
        Assert.Contains("function webapp-api: created (nodejs20.x, index.handler)", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: created", first.Stderr, StringComparison.Ordinal);
        Assert.Contains($"bucket webapp-site: site/ synced ({SiteFiles} uploaded, 0 deleted)", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("route ANY /api/{proxy+}: added (r-", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("route GET /{proxy+}: added (r-", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(["The web app is deployed:", hostUrl, pathUrl], Lines(first.Stdout));
        Assert.True(second.ExitCode == 0, WebAppSample.Describe(second));
        Assert.Contains("function webapp-api: unchanged", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: site/ synced (0 uploaded, 0 deleted)", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("route ANY /api/{proxy+}: already there (r-", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("route GET /{proxy+}: already there (r-", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("created", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(0, routes.ExitCode);
        using var listed = JsonDocument.Parse(routes.Stdout);
        Assert.Equal(
            ["ANY /api/{proxy+}", "GET /{proxy+}"],
            listed.RootElement.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("routeKey").GetString()).Order(StringComparer.Ordinal));

        var byHost = await WebAppBrowser.OpenAsync(hostUrl, "Ada Lovelace", "en-US");
        var byPath = await WebAppBrowser.OpenAsync(pathUrl, "Ada", "fr-FR");

        foreach (var page in new[] { byHost, byPath })
        {
            Assert.True(page.Ok, $"the page had problems: {string.Join("; ", page.Problems)}\n{page.Json}");
            Assert.Equal("200", page.Text("documentStatus"));
            Assert.StartsWith("text/html", page.Text("documentType"), StringComparison.Ordinal);
            Assert.Equal("Kumo web app sample", page.Text("title"));
            // The stylesheet arrived as CSS and applies.
            Assert.Equal("rgb(74, 111, 165)", page.Text("buttonColour"));
            // The function saw the path without the /_kumo/api/webapp prefix, as a stage mapping does.
            Assert.Equal("GET /api/request", page.Seen("methodPath"));
            Assert.Equal("ANY /api/{proxy+}", page.Seen("routeKey"));
            Assert.Equal("127.0.0.1", page.Seen("sourceIp"));
            Assert.Equal(page.Text("userAgent"), page.Seen("userAgent"));
            Assert.StartsWith("Node.js v", page.Seen("runtime"), StringComparison.Ordinal);
            Assert.Equal("", page.Text("requestError"));
            Assert.Equal("", page.Text("greetError"));
            Assert.Matches(@"^Language \w\w, at .+ \(request [0-9a-f-]{36}\)$", page.Text("greetingDetails"));
            Assert.Equal("400 Bad Request: the name is empty: type a name to greet", page.Text("emptyNameError"));
            Assert.Equal("", page.Text("greetingAfterError"));
        }

        Assert.Equal("Hello, Ada Lovelace!", byHost.Text("greeting"));
        Assert.StartsWith("en-US", byHost.Seen("acceptLanguage"), StringComparison.Ordinal);
        Assert.Equal("Bonjour, Ada !", byPath.Text("greeting"));
        Assert.StartsWith("fr-FR", byPath.Seen("acceptLanguage"), StringComparison.Ordinal);
    }
}
