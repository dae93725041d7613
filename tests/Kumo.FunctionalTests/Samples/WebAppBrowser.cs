using System.Text.Json;
using Kumo.FunctionalTests.Lambda;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>, driven by the npm package playwright-core in tests/clients/js)
/// opening the webapp sample's page through tests/clients/js/webapp-page.mjs. A missing browser fails the tests with
/// how to install it: nothing is skipped.
/// </summary>
internal static class WebAppBrowser
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>Fails with one message naming everything missing and how to install it.</summary>
    public static void EnsureInstalled()
    {
        var missing = new List<string>();
        if (!File.Exists(Chromium))
        {
            missing.Add($"Chromium ({Chromium}, Debian package chromium)");
        }

        if (!File.Exists(Path.Combine(ClientTools.JsScripts, "node_modules", "playwright-core", "package.json")))
        {
            missing.Add("playwright-core (npm ci in tests/clients/js)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the webapp sample's test opens its page in a real browser, and this machine lacks {string.Join("; ", missing)}. " +
                "Run ./test.sh, which installs them, or: source scripts/prerequisites.sh && kumo_test_prerequisites && kumo_install_test_clients \"$PWD\"");
        }
    }

    /// <summary>
    /// Opens <paramref name="url"/> in a browser set to <paramref name="locale"/>, greets <paramref name="name"/> and
    /// submits an empty name, and returns what the page showed; checks that the browser left no process behind.
    /// </summary>
    public static async Task<PageVerdict> OpenAsync(string url, string name, string locale)
    {
        EnsureInstalled();
        var marker = ProcessLeaks.NewMarker();
        var environment = new Dictionary<string, string?>
        {
            ["CHROMIUM"] = Chromium,
            ["NODE_NO_WARNINGS"] = "1",
            [ProcessLeaks.MarkerVariable] = marker,
        };
        var script = Path.Combine(ClientTools.JsScripts, "webapp-page.mjs");
        var run = await ClientProcess.RunAsync(ClientTools.Node, [script, url, name, locale], environment, Deadline, ClientTools.JsScripts);
        await Poll.UntilAsync(() => ProcessLeaks.FindAlive(marker).Count == 0, "the browser's processes to end");
        Assert.True(run.ExitCode == 0, $"webapp-page.mjs could not open {url}: exit {run.ExitCode}; {run.Stderr.Trim()} {run.Stdout.Trim()}");
        using var verdict = JsonDocument.Parse(run.Stdout);
        return PageVerdict.Read(verdict.RootElement, run.Stdout);
    }
}
