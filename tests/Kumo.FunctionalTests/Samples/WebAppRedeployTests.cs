using System.Net;
using System.Text;
using System.Text.Json;
using Kumo.FunctionalTests.Lambda;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// A copy of the webapp sample edited and deployed again, as a user works on it: the script updates the function's
/// code when it changed, uploads new files and deletes removed ones, and <c>--remove</c> takes everything away (and
/// says there is nothing left to remove the second time).
/// </summary>
[Collection(WebAppSampleCollection.Name)]
public sealed class WebAppRedeployTests(LambdaServer server) : IClassFixture<LambdaServer>
{
    [Fact]
    public async Task DeployScript_AfterEditsThenRemove_UpdatesWhatChangedThenRemovesEverything()
    {
        var copy = Directory.CreateDirectory(server.Temp.Combine("webapp-copy")).FullName;
        WebAppSample.CopyTo(copy);
        using var http = new HttpClient { BaseAddress = new Uri($"{server.Endpoint}/_kumo/api/{WebAppSample.App}/") };
        var deployed = await WebAppSample.DeployAsync(server.Endpoint, copy);
        Assert.True(deployed.ExitCode == 0, WebAppSample.Describe(deployed));
        var api = Path.Combine(copy, "api", "index.mjs");
        await File.WriteAllTextAsync(api, (await File.ReadAllTextAsync(api)).Replace("`Hello, ${name}!`", "`Howdy, ${name}!`", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(copy, "site", "notes.txt"), "added after the first deploy\n");

        var edited = await WebAppSample.DeployAsync(server.Endpoint, copy);
        var greeting = await GreetAsync(http, "Ada");
        var notes = await http.GetAsync("notes.txt");
        File.Delete(Path.Combine(copy, "site", "notes.txt"));
        var pruned = await WebAppSample.DeployAsync(server.Endpoint, copy);
        var notesAfterPrune = await http.GetAsync("notes.txt");

        Assert.True(edited.ExitCode == 0, WebAppSample.Describe(edited));
        Assert.Contains("function webapp-api: updated code", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: site/ synced (1 uploaded, 0 deleted)", edited.Stderr, StringComparison.Ordinal);
        Assert.Equal("Howdy, Ada!", greeting);
        Assert.Equal(HttpStatusCode.OK, notes.StatusCode);
        Assert.Equal("added after the first deploy\n", await notes.Content.ReadAsStringAsync());
        Assert.True(pruned.ExitCode == 0, WebAppSample.Describe(pruned));
        Assert.Contains("function webapp-api: unchanged", pruned.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: site/ synced (0 uploaded, 1 deleted)", pruned.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notesAfterPrune.StatusCode);

        // A route key the app uses for something else is not taken over; done as the script says, the next run works.
        var siteRoute = await RouteIdAsync("GET /{proxy+}");
        Assert.Equal(0, (await KumoAsync("routes", "rm", siteRoute)).ExitCode);
        Assert.Equal(0, (await KumoAsync("routes", "add", WebAppSample.App, "GET /{proxy+}", WebAppSample.Function)).ExitCode);
        var foreignRoute = await RouteIdAsync("GET /{proxy+}");
        var refused = await WebAppSample.DeployAsync(server.Endpoint, copy);
        Assert.Equal(0, (await KumoAsync("routes", "rm", foreignRoute)).ExitCode);
        var restored = await WebAppSample.DeployAsync(server.Endpoint, copy);

        Assert.Equal(1, refused.ExitCode);
        Assert.EndsWith(
            $"webapp: app webapp's route GET /{{proxy+}} goes to function:webapp-api, not to this sample: remove it with 'kumo routes rm {foreignRoute}', then run this again.",
            refused.Stderr.Trim(),
            StringComparison.Ordinal);
        Assert.True(restored.ExitCode == 0, WebAppSample.Describe(restored));
        Assert.Contains("route GET /{proxy+}: added (r-", restored.Stderr, StringComparison.Ordinal);

        var removed = await WebAppSample.DeployAsync(server.Endpoint, copy, "--remove");
        var removedAgain = await WebAppSample.DeployAsync(server.Endpoint, copy, "--remove");
        var routes = await KumoAsync("routes", "ls", "--app", WebAppSample.App, "--json");
        var buckets = await KumoAsync("buckets", "ls");
        var functions = await KumoAsync("functions", "ls");
        var page = await http.GetAsync("");

        Assert.True(removed.ExitCode == 0, WebAppSample.Describe(removed));
        Assert.Contains("route ANY /api/{proxy+}: removed (r-", removed.Stderr, StringComparison.Ordinal);
        Assert.Contains("route GET /{proxy+}: removed (r-", removed.Stderr, StringComparison.Ordinal);
        Assert.Contains("function webapp-api: deleted", removed.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: deleted with everything in it", removed.Stderr, StringComparison.Ordinal);
        Assert.True(removedAgain.ExitCode == 0, WebAppSample.Describe(removedAgain));
        Assert.Contains("route ANY /api/{proxy+}: not there", removedAgain.Stderr, StringComparison.Ordinal);
        Assert.Contains("route GET /{proxy+}: not there", removedAgain.Stderr, StringComparison.Ordinal);
        Assert.Contains("function webapp-api: not there", removedAgain.Stderr, StringComparison.Ordinal);
        Assert.Contains("bucket webapp-site: not there", removedAgain.Stderr, StringComparison.Ordinal);
        using var listed = JsonDocument.Parse(routes.Stdout);
        Assert.Empty(listed.RootElement.GetProperty("routes").EnumerateArray());
        Assert.DoesNotContain(WebAppSample.Bucket, buckets.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(WebAppSample.Function, functions.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    private async Task<KumoProcess> KumoAsync(params string[] arguments) =>
        await KumoProcess.RunAsync([.. arguments, "--endpoint", server.Endpoint], null);

    /// <summary>The id of the webapp app's route with this route key.</summary>
    private async Task<string> RouteIdAsync(string routeKey)
    {
        var listed = await KumoAsync("routes", "ls", "--app", WebAppSample.App, "--json");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        using var document = JsonDocument.Parse(listed.Stdout);
        return document.RootElement.GetProperty("routes").EnumerateArray()
            .Single(r => r.GetProperty("routeKey").GetString() == routeKey).GetProperty("routeId").GetString()!;
    }

    private static async Task<string?> GreetAsync(HttpClient http, string name)
    {
        using var answer = await http.PostAsync("api/greetings", new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json"));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"POST api/greetings answered {(int)answer.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("greeting").GetString();
    }
}
