using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Testing;
using Xunit.Abstractions;

namespace Kumo.FunctionalTests.Async;

/// <summary>
/// An accepted event is never lost: a thousand events are sent to a function that prints its request id, the
/// server is killed with SIGKILL while it accepts and runs them, started again on the same data directory, and
/// every event that got its 202 must then have run to success at least once. Events that ran more than once
/// (at least once allows it) are counted and written to the test's output, with every run of each.
/// </summary>
[Collection(EventDurabilityCollection.Name)]
public sealed class EventDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Events = 1000;
    private const int SendConcurrency = 32;
    private const int SigKill = 9;
    private const int Shown = 20;
    private const string Role = "arn:aws:iam::000000000000:role/kumo-tests";

    private const string FunctionCode = """
        import time


        def handler(event, context):
            print("ran " + context.aws_request_id)
            time.sleep(0.02)
            return {"n": event.get("n")}
        """;

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _temp = new();
    private readonly List<KumoProcess> _servers = [];

    private string DataDir => _temp.Combine(".kumo");

    /// <summary>Seeds 1 to 3 kill the server while events are still being sent, seed 4 once it has recorded 400 runs.</summary>
    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    private static KillPoint KillPointOf(int seed) => seed switch
    {
        1 => KillPoint.AfterAccepted(150),
        2 => KillPoint.AfterAccepted(500),
        3 => KillPoint.AfterAccepted(900),
        4 => KillPoint.AfterRecords(400),
        _ => throw new ArgumentOutOfRangeException(nameof(seed), seed, "no kill point for this seed"),
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task AsyncEvents_ServerKilledWhileTheyRun_EveryAcceptedEventRunsAtLeastOnce(int seed)
    {
        var killPoint = KillPointOf(seed);
        var name = $"durable-{seed}-{Guid.NewGuid().ToString("N")[..8]}";
        var first = StartServer();
        using var firstHttp = new HttpClient { BaseAddress = await first.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromSeconds(30) };
        await CreateActiveFunctionAsync(firstHttp, name);

        var killed = 0;
        var killedAt = DateTimeOffset.MaxValue;
        void Kill()
        {
            // The server process alone, as a crash takes it: its sandboxes are left for the next start to clean up.
            if (Interlocked.Exchange(ref killed, 1) == 0)
            {
                killedAt = DateTimeOffset.UtcNow;
                Signals.Send(first.Id, SigKill);
            }
        }

        var sender = new EventSender(firstHttp, name);
        var sending = sender.SendAsync(Events, SendConcurrency, accepted =>
        {
            if (accepted == killPoint.Accepted)
            {
                Kill();
            }
        });
        if (killPoint.Records is { } records)
        {
            await Poll.UntilAsync(
                async () => await InvocationRecords.CountAsync(firstHttp, name, records) >= records,
                $"{records} runs of {name} to be recorded",
                TimeSpan.FromMinutes(2));
            Kill();
        }

        await sending;
        Assert.True(
            killed == 1,
            $"the kill point ({killPoint}) was never reached, the server stopped first: {sender.Accepted.Count} of {Events} events accepted; " +
            $"{string.Join("; ", sender.Refused.Take(5))}\nserver: {Tail(first)}");
        await first.WaitForExitAsync();

        var second = StartServer();
        using var http = new HttpClient { BaseAddress = await second.WaitUntilReadyAsync(DataDir), Timeout = TimeSpan.FromSeconds(30) };
        var recovery = Stopwatch.StartNew();
        var (runs, timedOut) = await WaitUntilEveryAcceptedEventSucceededAsync(http, name, sender);
        recovery.Stop();

        var problems = Report(seed, killPoint, sender, runs, killedAt, recovery.Elapsed, second);
        if (timedOut)
        {
            problems.Insert(0, $"gave up after {RecoveryDeadline.TotalSeconds:0} s waiting for every accepted event to succeed");
        }

        second.Signal(Signals.Terminate);
        await second.WaitForExitAsync();
        if (second.ExitCode != 0)
        {
            problems.Add($"the restarted server exited with {second.ExitCode} on SIGTERM: {second.Stderr}");
        }

        problems.AddRange(LeftBehind(first, second).Select(leak => $"left behind: {leak}"));
        if (problems.Count > 0)
        {
            Assert.Fail(string.Join('\n', problems));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }

            // A failed test may leave a killed server's sandboxes behind, with no server to clean them up.
            foreach (var pid in _servers.SelectMany(s => ProcessLeaks.FindAlive(s.Marker)).Concat(SandboxCgroup.ProcessesOf(DataDir)).Distinct())
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // It ended meanwhile.
                }
            }
        }
        finally
        {
            _temp.Dispose();
        }
    }

    private KumoProcess StartServer()
    {
        var server = KumoProcess.Start(["up", "--port", "0", "--data-dir", DataDir, "--event-retry-delay", "1", "--drain-timeout", "1"]);
        _servers.Add(server);
        return server;
    }

    private static async Task CreateActiveFunctionAsync(HttpClient http, string name)
    {
        using var zip = Zips.Make(("app.py", FunctionCode, Zips.File(0b110_100_100)));
        var create = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = "python3.11",
            ["Handler"] = "app.handler",
            ["Role"] = Role,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip.ToArray()) },
            ["Timeout"] = 30,
            ["MemorySize"] = 128,
        };
        using var created = await http.PostAsync("/2015-03-31/functions", new StringContent(create.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, $"CreateFunction answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        await Poll.UntilAsync(
            async () =>
            {
                var function = await http.GetFromJsonAsync<JsonElement>($"/2015-03-31/functions/{name}");
                var state = function.GetProperty("Configuration").GetProperty("State").GetString();
                Assert.True(state != "Failed", $"function {name} failed: {function}");
                return state == "Active";
            },
            $"function {name} to be Active",
            TimeSpan.FromSeconds(60));
    }

    /// <summary>Polls the records until every accepted event has a successful run, or the deadline; returns the last records read.</summary>
    private static async Task<(IReadOnlyList<RecordedRun> Runs, bool TimedOut)> WaitUntilEveryAcceptedEventSucceededAsync(
        HttpClient http, string name, EventSender sender)
    {
        IReadOnlyList<RecordedRun> runs = [];
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    runs = await InvocationRecords.ListAllAsync(http, name);
                    var succeeded = runs.Where(r => r.Succeeded).Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
                    return sender.Accepted.Keys.All(succeeded.Contains);
                },
                "every accepted event to have a successful run",
                RecoveryDeadline);
            return (runs, false);
        }
        catch (TimeoutException)
        {
            return (runs, true);
        }
    }

    /// <summary>Writes what happened to the test's output and returns what went wrong.</summary>
    private List<string> Report(
        int seed, KillPoint killPoint, EventSender sender, IReadOnlyList<RecordedRun> runs, DateTimeOffset killedAt, TimeSpan recovery, KumoProcess second)
    {
        var byId = runs.GroupBy(r => r.RequestId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Attempt).ThenBy(r => r.StartedAt).ToList(), StringComparer.Ordinal);
        var lost = sender.Accepted.Keys.Where(id => !byId.TryGetValue(id, out var its) || !its.Any(r => r.Succeeded)).ToList();
        var duplicates = byId.Where(p => p.Value.Count > 1).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var answered = sender.Refused.Where(r => r.Status is not null).ToList();
        var unacknowledged = byId.Keys.Count(id => !sender.Accepted.ContainsKey(id));
        var serverErrors = Errors(second).ToList();
        var unrecorded = serverErrors.Count(l => l.Contains("Could not record invocation", StringComparison.Ordinal));

        output.WriteLine($"seed {seed}: {Events} sent, {sender.Accepted.Count} accepted, {lost.Count} lost, {duplicates.Count} duplicates");
        output.WriteLine(
            $"  killed {killPoint}, when {runs.Count(r => r.StartedAt < killedAt)} of the runs recorded had started; " +
            $"{sender.Refused.Count - answered.Count} calls failed (cut or refused by the killed server), " +
            $"{answered.Count} answered other than 202");
        output.WriteLine(
            $"  {runs.Count} runs recorded ({string.Join(", ", runs.GroupBy(r => r.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))}), " +
            $"{byId.Values.Sum(r => r.Count - 1)} extra runs, {duplicates.Count(p => p.Value.Count(r => r.Succeeded) > 1)} events succeeded more than once, " +
            $"{unacknowledged} events run whose 202 never arrived; {runs.Count(r => r.Attempt > 1)} runs with attempt > 1 (an event interrupted by the kill runs again under a higher attempt; the interrupted run leaves no record), highest attempt {(runs.Max(r => r.Attempt) is { } most ? most.ToString(CultureInfo.InvariantCulture) : "not shown by the API")}; " +
            $"recovered in {recovery.TotalSeconds:0.0} s; the restarted server logged {serverErrors.Count} errors, {unrecorded} runs it could not record");
        foreach (var (id, its) in duplicates.Take(Shown))
        {
            output.WriteLine($"  duplicate {id} (event {Index(sender, id)}): {string.Join("; ", its)}");
        }

        foreach (var id in lost.Take(Shown))
        {
            output.WriteLine($"  lost {id} (event {Index(sender, id)}): {(byId.TryGetValue(id, out var its) ? string.Join("; ", its) : "no run recorded")}");
        }

        foreach (var refusal in answered.Take(Shown))
        {
            output.WriteLine($"  not accepted: {refusal}");
        }

        foreach (var line in serverErrors.Take(Shown))
        {
            output.WriteLine($"  server: {line}");
        }

        var problems = new List<string>();
        if (lost.Count > 0)
        {
            problems.Add($"{lost.Count} accepted events never ran to success (lost): {string.Join(", ", lost.Take(Shown))}");
        }

        if (answered.Count > 0)
        {
            problems.Add($"{answered.Count} events were answered other than 202 before the kill: {string.Join("; ", answered.Take(5))}");
        }

        if (unrecorded > 0)
        {
            problems.Add($"the restarted server ran {unrecorded} events without recording the run, so their duplicates are not counted: {serverErrors.First(l => l.Contains("Could not record invocation", StringComparison.Ordinal))}");
        }

        return problems;
    }

    private static string Index(EventSender sender, string id) =>
        sender.Accepted.TryGetValue(id, out var index) ? index.ToString(CultureInfo.InvariantCulture) : "?";

    /// <summary>The server's errors, or the end of its log when it logged none.</summary>
    private static string Tail(KumoProcess server)
    {
        var errors = Errors(server).ToList();
        return string.Join('\n', errors.Count > 0 ? errors.Take(Shown) : Lines(server).TakeLast(Shown));
    }

    private static IEnumerable<string> Errors(KumoProcess server) =>
        Lines(server).Where(l =>
            (l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal))
            // /healthz answers 503 until the platform is ready, and the health check logs that as a failure.
            && !l.Contains("HealthChecks.DefaultHealthCheckService", StringComparison.Ordinal));

    private static IEnumerable<string> Lines(KumoProcess server) =>
        (server.Stdout + server.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>What the two servers left running: processes with their markers, containers, processes in the sandboxes' cgroup.</summary>
    private IEnumerable<string> LeftBehind(KumoProcess first, KumoProcess second)
    {
        foreach (var pid in ProcessLeaks.FindAlive(first.Marker).Concat(ProcessLeaks.FindAlive(second.Marker)))
        {
            yield return $"process {pid} started by a server";
        }

        var containers = Path.Combine(DataDir, "sandbox", "runc");
        foreach (var container in Directory.Exists(containers) ? Directory.GetDirectories(containers) : [])
        {
            yield return $"container {Path.GetFileName(container)}";
        }

        foreach (var pid in SandboxCgroup.ProcessesOf(DataDir))
        {
            yield return $"process {pid} in a sandbox cgroup";
        }
    }
}
