using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.FunctionalTests.Lambda;
using Kumo.Testing;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// Bucket notifications end to end, with a real <c>kumo up</c>, real sandboxes and real clients: the aws CLI configures
/// a function for a bucket (and is refused as S3 refuses), boto3 puts objects, and the function runs once or more for
/// exactly the objects the configuration matches, none lost, as the native API's invocation records and logs show.
/// </summary>
public sealed partial class BucketNotificationTests(LambdaServer server) : IClassFixture<LambdaServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly string PutScript = Path.Combine(ClientTools.RepositoryRoot, "tests", "Kumo.FunctionalTests", "S3", "s3_notifications.py");

    private static readonly TestFunction Recorder =
        new("s3", "python3.12", "app.handler", Path.Combine(ClientTools.RepositoryRoot, "tests", "Functions", "PythonS3Function"));

    private static readonly TestFunction Looper =
        new("loop", "python3.12", "loop.handler", Path.Combine(ClientTools.RepositoryRoot, "tests", "Functions", "PythonS3Function"));

    /// <summary>Lambda's limit of invocations of one function in one chain, which Kumo applies.</summary>
    private const int TraceLineageLimit = 16;

    private LambdaClient Lambda => LambdaClient.For(LambdaClient.AwsCli, server);

    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    private Task<ClientProcess> AwsAsync(params string[] arguments) =>
        ClientProcess.RunAsync(ClientTools.AwsCli, ["--endpoint-url", server.Endpoint, .. arguments], server.ClientEnvironment, Deadline);

    private async Task<string> OkAsync(params string[] arguments)
    {
        var run = await AwsAsync(arguments);
        Assert.True(run.ExitCode == 0, $"aws {string.Join(' ', arguments)}: {run.Stdout} {run.Stderr}");
        return run.Stdout;
    }

    private async Task<(string Code, string Message)> FailsAsync(params string[] arguments)
    {
        var run = await AwsAsync(arguments);
        Assert.True(run.ExitCode != 0, $"expected aws {string.Join(' ', arguments)} to fail: {run.Stdout}");
        var match = ServiceError().Match(run.Stderr);
        Assert.True(match.Success, run.Stderr);
        return (match.Groups["code"].Value, match.Groups["message"].Value);
    }

    private static string Configuration(params JsonObject[] functions) =>
        new JsonObject { ["LambdaFunctionConfigurations"] = new JsonArray([.. functions]) }.ToJsonString();

    private static JsonObject Function(string id, string function, string[] events, string? prefix = null, string? suffix = null)
    {
        var configuration = new JsonObject
        {
            ["Id"] = id,
            ["LambdaFunctionArn"] = Arn(function),
            ["Events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]),
        };
        var rules = new JsonArray();
        if (prefix is not null)
        {
            rules.Add(new JsonObject { ["Name"] = "prefix", ["Value"] = prefix });
        }

        if (suffix is not null)
        {
            rules.Add(new JsonObject { ["Name"] = "suffix", ["Value"] = suffix });
        }

        if (rules.Count > 0)
        {
            configuration["Filter"] = new JsonObject { ["Key"] = new JsonObject { ["FilterRules"] = rules } };
        }

        return configuration;
    }

    private Task<string> PutConfigurationAsync(string bucket, string configuration) =>
        OkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", configuration);

    private async Task<JsonElement> GetConfigurationAsync(string bucket)
    {
        var output = await OkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket, "--output", "json");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "{}" : output);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task PutObjects_FunctionRunsForExactlyTheMatchingOnes_NoneLost()
    {
        var function = LambdaServer.NewFunctionName("notified");
        var bucket = S3Server.NewBucketName("notify");
        await Lambda.CreateActiveFunctionAsync(function, Recorder, server.Packages.Package(Recorder));
        await OkAsync("s3api", "create-bucket", "--bucket", bucket);
        await PutConfigurationAsync(bucket, Configuration(Function("jpg-uploads", function, ["s3:ObjectCreated:*"], "uploads/", ".jpg")));

        var configured = Assert.Single(GetConfiguredFunctions(await GetConfigurationAsync(bucket)));
        Assert.Equal("jpg-uploads", configured.GetProperty("Id").GetString());
        Assert.Equal(Arn(function), configured.GetProperty("LambdaFunctionArn").GetString());
        Assert.Equal(["s3:ObjectCreated:*"], configured.GetProperty("Events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            [("Prefix", "uploads/"), ("Suffix", ".jpg")],
            configured.GetProperty("Filter").GetProperty("Key").GetProperty("FilterRules").EnumerateArray()
                .Select(r => (r.GetProperty("Name").GetString(), r.GetProperty("Value").GetString())));

        // 100 objects, half of them matching; spaces and '+' in keys test S3's key encoding on the way.
        var matching = Enumerable.Range(0, 50).Select(i => $"uploads/photo {i}+{i}.jpg").ToList();
        List<string> others = [.. Enumerable.Range(0, 25).Select(i => $"uploads/photo {i}.png"), .. Enumerable.Range(0, 25).Select(i => $"other/photo {i}.jpg")];
        var put = await ClientProcess.RunAsync(ClientTools.Python, [PutScript, bucket, .. matching.Concat(others).Order(StringComparer.Ordinal)], server.ClientEnvironment, Deadline);
        Assert.True(put.ExitCode == 0, put.Stderr);

        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        var seen = new List<(string Key, string Trace)>();
        await Poll.UntilAsync(
            async () =>
            {
                seen = await SeenAsync(http, function, bucket);
                return seen.Select(s => s.Key).Distinct().Count() >= matching.Count;
            },
            "the function to have seen every matching object",
            Deadline);
        Assert.Equal(matching.Order(StringComparer.Ordinal), seen.Select(s => s.Key).Distinct().Order(StringComparer.Ordinal));
        // The function's _X_AMZN_TRACE_ID carries the lineage recursive loop detection counts: first in its chain.
        Assert.All(seen, s => Assert.Matches(@"^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0;Lineage=[0-9a-f]{8}:0$", s.Trace));

        var records = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations?function={function}&limit=1000");
        var invocations = records.GetProperty("invocations").EnumerateArray().ToList();
        Assert.True(invocations.Count >= matching.Count, $"{invocations.Count} invocations for {matching.Count} objects");
        Assert.All(invocations, r => Assert.Equal(("s3", "success"), (r.GetProperty("trigger").GetString(), r.GetProperty("outcome").GetString())));

        // An empty configuration removes it.
        await PutConfigurationAsync(bucket, "{}");
        Assert.Empty(GetConfiguredFunctions(await GetConfigurationAsync(bucket)));
        await Lambda.DeleteFunctionAsync(function);
    }

    [Fact]
    public async Task PutConfiguration_RefusedAsS3RefusesIt_AndNothingIsKept()
    {
        var function = LambdaServer.NewFunctionName("target");
        var bucket = S3Server.NewBucketName("refuse");
        await Lambda.CreateActiveFunctionAsync(function, Recorder, server.Packages.Package(Recorder));
        await OkAsync("s3api", "create-bucket", "--bucket", bucket);
        var put = new[] { "s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration" };

        var missing = await FailsAsync([.. put, Configuration(Function("a", "no-such-function", ["s3:ObjectCreated:*"]))]);
        Assert.Equal("InvalidArgument", missing.Code);
        Assert.Contains("Unable to validate the following destination configurations", missing.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-function", missing.Message, StringComparison.Ordinal);

        var overlapping = await FailsAsync([.. put, Configuration(
            Function("a", function, ["s3:ObjectCreated:*"], "uploads/"),
            Function("b", function, ["s3:ObjectCreated:Put"], "uploads/raw/"))]);
        Assert.Equal("InvalidArgument", overlapping.Code);
        Assert.Contains("overlapping", overlapping.Message, StringComparison.Ordinal);

        var unknownEvent = await FailsAsync([.. put, Configuration(Function("a", function, ["s3:ObjectCreated:Upload"]))]);
        Assert.Equal("InvalidArgument", unknownEvent.Code);
        Assert.Contains("s3:ObjectCreated:Upload", unknownEvent.Message, StringComparison.Ordinal);

        var queue = await FailsAsync([.. put,
            """{"QueueConfigurations":[{"QueueArn":"arn:aws:sqs:us-east-1:000000000000:q","Events":["s3:ObjectCreated:*"]}]}"""]);
        Assert.Equal("NotImplemented", queue.Code);
        Assert.Contains("QueueConfiguration", queue.Message, StringComparison.Ordinal);

        var twoPrefixes = Function("a", function, ["s3:ObjectCreated:*"], "a");
        twoPrefixes["Filter"]!["Key"]!["FilterRules"]!.AsArray().Add(new JsonObject { ["Name"] = "Prefix", ["Value"] = "b" });
        Assert.Equal(("InvalidArgument", "Cannot specify more than one prefix rule in a filter."), await FailsAsync([.. put, Configuration(twoPrefixes)]));

        Assert.Empty(GetConfiguredFunctions(await GetConfigurationAsync(bucket)));
        await Lambda.DeleteFunctionAsync(function);
    }

    [Fact]
    public async Task FunctionWritingIntoItsOwnBucket_IsStoppedAfterSixteenRuns_WithADeadLetterSayingWhy()
    {
        var function = LambdaServer.NewFunctionName("loop");
        var bucket = S3Server.NewBucketName("loop");
        await Lambda.CreateActiveFunctionAsync(function, Looper, server.Packages.Package(Looper));
        await OkAsync("s3api", "create-bucket", "--bucket", bucket);
        await PutConfigurationAsync(bucket, Configuration(Function("chain", function, ["s3:ObjectCreated:*"], "loop/", ".txt")));

        var put = await ClientProcess.RunAsync(ClientTools.Python, [PutScript, bucket, "loop/0.txt"], server.ClientEnvironment, Deadline);
        Assert.True(put.ExitCode == 0, put.Stderr);

        using var http = new HttpClient { BaseAddress = new Uri(server.Endpoint) };
        JsonElement deadLetter = default;
        await Poll.UntilAsync(
            async () =>
            {
                var list = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/dlq?function={function}");
                var events = list.GetProperty("events").EnumerateArray().ToList();
                deadLetter = events.FirstOrDefault();
                return events.Count > 0;
            },
            "the loop to be stopped",
            Deadline);
        Assert.Equal(("failed", "s3", 0), (deadLetter.GetProperty("status").GetString(), deadLetter.GetProperty("trigger").GetString(), deadLetter.GetProperty("attempts").GetInt32()));
        var reason = deadLetter.GetProperty("lastError").GetString()!;
        Assert.StartsWith($"RecursiveInvocationException: Kumo stopped a recursive loop: function '{function}'", reason, StringComparison.Ordinal);
        Assert.Contains($"'{bucket}'", reason, StringComparison.Ordinal);
        Assert.Contains("'loop/16.txt'", reason, StringComparison.Ordinal);

        // Sixteen runs (loop/0.txt … loop/15.txt), each writing the next object; loop/16.txt invoked nothing.
        List<JsonElement> runs = [];
        await Poll.UntilAsync(
            async () =>
            {
                var records = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/invocations?function={function}&limit=1000");
                runs = [.. records.GetProperty("invocations").EnumerateArray()];
                return runs.Count >= TraceLineageLimit;
            },
            "the sixteenth run's record",
            Deadline);
        Assert.Equal(TraceLineageLimit, runs.Count);
        Assert.All(runs, r => Assert.Equal(("s3", "success"), (r.GetProperty("trigger").GetString(), r.GetProperty("outcome").GetString())));
        var listing = JsonDocument.Parse(await OkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "loop/", "--output", "json")).RootElement;
        Assert.Equal(
            Enumerable.Range(0, TraceLineageLimit + 1).Select(i => $"loop/{i}.txt").Order(StringComparer.Ordinal),
            listing.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()).Order(StringComparer.Ordinal));

        // Each run's trace header counted one more, from 0 to 15.
        var page = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/logs?function={function}&limit=10000");
        var counts = page.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!)
            .Where(t => t.StartsWith("wrote ", StringComparison.Ordinal))
            .Select(t => int.Parse(LineageCount().Match(t).Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Order();
        Assert.Equal(Enumerable.Range(0, TraceLineageLimit), counts);

        await PutConfigurationAsync(bucket, "{}");
        await Lambda.DeleteFunctionAsync(function);
    }

    private static IEnumerable<JsonElement> GetConfiguredFunctions(JsonElement configuration) =>
        configuration.TryGetProperty("LambdaFunctionConfigurations", out var functions) ? functions.EnumerateArray() : [];

    /// <summary>The keys of <paramref name="bucket"/> the function printed that it saw, once per run, each with the run's trace header.</summary>
    private static async Task<List<(string Key, string Trace)>> SeenAsync(HttpClient http, string function, string bucket)
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/_kumo/v1/logs?function={function}&limit=10000");
        var prefix = $"saw ObjectCreated:Put {bucket} ";
        return
        [
            .. page.GetProperty("lines").EnumerateArray()
                .Select(l => l.GetProperty("text").GetString()!)
                .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
                .Select(t => (t[prefix.Length..t.LastIndexOf(" | ", StringComparison.Ordinal)], t[(t.LastIndexOf(" | ", StringComparison.Ordinal) + 3)..])),
        ];
    }

    [GeneratedRegex(@";Lineage=[0-9a-f]{8}:(?<count>\d+)")]
    private static partial Regex LineageCount();

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\)(?: when calling the \w+ operation)?(?: \(reached max retries: \d+\))?: (?<message>.*)")]
    private static partial Regex ServiceError();
}
