namespace Kumo.FunctionalTests;

/// <summary><c>kumo buckets ls</c> against canned answers: what it asks and prints.</summary>
public sealed class BucketsCliTests
{
    private const string TwoBuckets = """
        {"buckets":[{"name":"photos","region":"us-east-1","createdAt":"2026-11-22T10:00:00+00:00"},
                    {"name":"thumbs","region":"eu-west-1","createdAt":"2026-11-22T11:30:00.250+00:00"}]}
        """;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task BucketsLs_PrintsATableByName()
    {
        await using var api = CannedHttpServer.Start(200, new Dictionary<string, string>(), TwoBuckets);

        var kumo = await KumoProcess.RunAsync("buckets", "ls", "--endpoint", api.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        var lines = Lines(kumo.Stdout);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^NAME\s+REGION\s+CREATED$", lines[0]);
        Assert.Matches(@"^photos\s+us-east-1\s+2026-11-22T10:00:00\.000Z$", lines[1]);
        Assert.Matches(@"^thumbs\s+eu-west-1\s+2026-11-22T11:30:00\.250Z$", lines[2]);
        Assert.Equal("/_kumo/v1/buckets", Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task BucketsLs_Json_PrintsTheList()
    {
        await using var api = CannedHttpServer.Start(200, new Dictionary<string, string>(), TwoBuckets);

        var kumo = await KumoProcess.RunAsync("buckets", "ls", "--json", "--endpoint", api.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        using var printed = System.Text.Json.JsonDocument.Parse(kumo.Stdout);
        Assert.Equal(["photos", "thumbs"], printed.RootElement.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task BucketsLs_None_SaysHowToMakeOne()
    {
        await using var api = CannedHttpServer.Start(200, new Dictionary<string, string>(), """{"buckets":[]}""");

        var kumo = await KumoProcess.RunAsync("buckets", "ls", "--endpoint", api.Endpoint);

        Assert.Equal(0, kumo.ExitCode);
        Assert.Contains("s3 mb s3://NAME", kumo.Stdout, StringComparison.Ordinal);
    }
}
