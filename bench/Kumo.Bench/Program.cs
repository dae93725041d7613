using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Kumo.Abstractions.Lifecycle;
using Kumo.Bench;
using Kumo.Sandbox;
using Microsoft.Extensions.DependencyInjection;

// Cold start and warm invocation of each runtime in a real sandbox, against the same runtime started bare
// (a plain process running the same handler from a stdin/stdout loop), measured in the same run.
// Then warm invocations through the whole platform against a bare Kestrel endpoint, and the grain hop alone.
// Usage: Kumo.Bench [--rounds N] [--warm N] [--platform N] [--markdown FILE]
var rounds = Option("--rounds", 10);
var warm = Option("--warm", 50);
var platformCalls = Option("--platform", 500);
var markdownFile = args.SkipWhile(a => a != "--markdown").Skip(1).FirstOrDefault();
var root = FindRepositoryRoot();
var output = AppContext.BaseDirectory;
string Artifact(string project) => Path.Combine(root, "artifacts", "bin", project, "release");

RuntimeCase[] cases =
[
    new("provided.al2023", "unused", Path.Combine(root, "bench/functions/provided"),
        ["/bin/bash", Path.Combine(root, "bench/functions/provided/harness.sh")]),
    new("python3.11", "app.handler", Path.Combine(root, "bench/functions/python"),
        ["/usr/bin/python3.11", Path.Combine(root, "bench/functions/python/harness.py"), Path.Combine(root, "bench/functions/python")]),
    new("nodejs20.x", "index.handler", Path.Combine(root, "bench/functions/node"),
        ["/usr/bin/node", Path.Combine(root, "bench/functions/node/harness.mjs"), Path.Combine(root, "bench/functions/node")]),
    new("dotnet8", "BenchFunction::Bench.Function::Handle", Artifact("BenchFunction"),
        ["/usr/share/dotnet/dotnet", Path.Combine(Artifact("Kumo.Bench.DotnetHarness"), "Kumo.Bench.DotnetHarness.dll")]),
];

var data = Directory.CreateTempSubdirectory("kumo-bench-");
var services = new ServiceCollection().AddLogging().AddKumoSandboxes(data.FullName).BuildServiceProvider();
try
{
    foreach (var step in services.GetServices<IStartupStep>())
    {
        await step.RunAsync(CancellationToken.None);
    }

    var driver = services.GetRequiredService<ISandboxDriver>();
    var results = new List<(RuntimeCase Case, List<Sample> Sandboxed, List<Sample> Bare)>();
    foreach (var runtime in cases)
    {
        // One unmeasured start of each, so that both begin with the same warm file cache.
        await SandboxRunner.RunAsync(driver, runtime, 1);
        await BareRunner.RunAsync(runtime, 1);
        var sandboxed = new List<Sample>();
        var bare = new List<Sample>();
        for (var i = 0; i < rounds; i++)
        {
            // Alternate, so that a noisy moment of the machine falls on both sides alike.
            sandboxed.Add(await SandboxRunner.RunAsync(driver, runtime, warm));
            bare.Add(await BareRunner.RunAsync(runtime, warm));
        }

        results.Add((runtime, sandboxed, bare));
        Console.Error.WriteLine($"{runtime.Runtime}: done");
    }

    var platform = await PlatformRunner.RunAsync(Path.Combine(root, "bench/functions/python"), platformCalls);
    Console.Error.WriteLine("platform: done");
    var report = Render(results, rounds, warm) + RenderPlatform(platform, platformCalls);
    Console.WriteLine(report);
    if (markdownFile is not null)
    {
        // Sections other benchmarks write (the keep-alive simulator's) follow a marker line; they are kept as they are.
        const string KeptMarker = "<!-- Sections below are written by other benchmarks; Kumo.Bench keeps them as they are. -->";
        var existing = File.Exists(markdownFile) ? await File.ReadAllTextAsync(markdownFile) : "";
        var kept = existing.IndexOf(KeptMarker, StringComparison.Ordinal);
        await File.WriteAllTextAsync(markdownFile, kept >= 0 ? report.TrimEnd() + "\n\n" + existing[kept..] : report);
    }
}
finally
{
    await services.DisposeAsync();
    data.Delete(recursive: true);
}

string Render(List<(RuntimeCase Case, List<Sample> Sandboxed, List<Sample> Bare)> results, int rounds, int warm)
{
    static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
    static string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×";
    var text = new StringBuilder();
    text.AppendLine("# Benchmarks");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"Produced by `bench/run.sh --rounds {rounds} --warm {warm} --platform {platformCalls}` (which builds Kumo and runs `Kumo.Bench`); the numbers below are from the run described here.");
    text.AppendLine("Every figure is compared with a baseline measured in the same run on the same machine.");
    text.AppendLine();
    text.AppendLine("## Cold start and warm invocation per runtime");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, kernel {Environment.OSVersion.Version}, {RuntimeInformation.FrameworkDescription}; {Runc()}.");
    text.AppendLine(CultureInfo.InvariantCulture, $"- Method: {rounds} cold starts per runtime and side, alternating sandboxed and bare, after one unmeasured start of each; {warm} warm invocations after each cold start. Medians, with p90 in brackets, in milliseconds.");
    text.AppendLine("- **Sandboxed cold start**: from asking the runc driver for a new sandbox (1,769 MB) to the handler's first line running: runc creates the container, kumo-init starts the runtime, the runtime loads the handler and fetches the event through the Runtime API.");
    text.AppendLine("- **Bare cold start** (the baseline): from spawning the same interpreter as a plain process, no sandbox and no Runtime API, running the same handler from a stdin/stdout loop, to the handler's first line.");
    text.AppendLine("- **Warm invocation**: one more event to the already-started runtime, round trip from the host: through the Runtime API, kumo-init's relay and back for the sandbox; over a pipe for the bare process.");
    text.AppendLine();
    text.AppendLine("| runtime | sandboxed cold start | bare cold start | cold ratio | sandboxed warm invoke | bare warm call | warm ratio |");
    text.AppendLine("|---|---|---|---|---|---|---|");
    foreach (var (runtime, sandboxed, bare) in results)
    {
        var sandboxCold = sandboxed.Select(s => s.ColdToHandler).ToList();
        var bareCold = bare.Select(s => s.ColdToHandler).ToList();
        var sandboxWarm = sandboxed.SelectMany(s => s.Warm).ToList();
        var bareWarm = bare.SelectMany(s => s.Warm).ToList();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {runtime.Runtime} | {Ms(Stats.Percentile(sandboxCold, 50))} ({Ms(Stats.Percentile(sandboxCold, 90))}) | {Ms(Stats.Percentile(bareCold, 50))} ({Ms(Stats.Percentile(bareCold, 90))}) | {Ratio(Stats.Percentile(sandboxCold, 50), Stats.Percentile(bareCold, 50))} | {Ms(Stats.Percentile(sandboxWarm, 50))} ({Ms(Stats.Percentile(sandboxWarm, 90))}) | {Ms(Stats.Percentile(bareWarm, 50))} ({Ms(Stats.Percentile(bareWarm, 90))}) | {Ratio(Stats.Percentile(sandboxWarm, 50), Stats.Percentile(bareWarm, 50))} |");
    }

    var floor = results.FirstOrDefault(r => r.Case.Runtime.StartsWith("provided", StringComparison.Ordinal));
    if (floor.Case is not null)
    {
        var floorBare = Stats.Percentile(floor.Bare.Select(s => s.ColdToHandler), 50);
        var sandboxFloor = Stats.Percentile(floor.Sandboxed.Select(s => s.ColdToHandler), 50) - floorBare;
        var warmSandboxed = results.Select(r => Stats.Percentile(r.Sandboxed.SelectMany(s => s.Warm), 50)).ToList();
        text.AppendLine();
        text.AppendLine("### Reading the table");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- The `provided.al2023` row is a bash bootstrap that starts in {Ms(floorBare)} ms bare, so its sandboxed cold start is nearly all the sandbox's own cost: about {Ms(sandboxFloor)} ms for runc to create the container (namespaces, mounts, cgroups, seccomp), kumo-init to start, and the first Runtime API round trip.");
        text.AppendLine("- The rest of each interpreted runtime's sandboxed cold start is its bootstrap: the Runtime API client and handler loading that the bare loop does not need (for .NET, the JIT of HttpClient and reflection).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Warm invocations took {Ms(warmSandboxed.Min())}–{Ms(warmSandboxed.Max())} ms at the median in a sandbox: two HTTP hops (host → Runtime API long poll → kumo-init's relay → runtime, and back) against a pipe write for the baseline. The bash runtime opens a new connection for every request, which the others do not.");
        text.AppendLine("- These are cold starts with no pre-warmed sandbox: every figure includes creating the container. Hiding that cost with pre-warmed sandboxes is the cold-start issue's work.");
    }

    return text.ToString();
}

static string RenderPlatform(PlatformSample sample, int calls)
{
    static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
    static string Row(string what, List<double> values, string note) =>
        $"| {what} | {Ms(Stats.Percentile(values, 50))} | {Ms(Stats.Percentile(values, 99))} | {note} |";
    var bare = Stats.Percentile(sample.BareHttp, 50);
    var http = Stats.Percentile(sample.LambdaHttp, 50);
    var text = new StringBuilder();
    text.AppendLine();
    text.AppendLine("## Warm invocation through the platform");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"- Method: a Kumo server in the benchmark's process with a Python no-op function (1,769 MB), warmed with 20 calls of each kind, then {calls} calls of each kind, interleaved. Milliseconds.");
    text.AppendLine("- **Lambda API over HTTP**: `POST /2015-03-31/functions/bench/invocations` from HttpClient on loopback: gateway, invoker, the function's grain, the warm sandbox, the record and its log lines written to SQLite, and back.");
    text.AppendLine("- **Invoker**: the same without HTTP (`IInvoker.InvokeAsync` in process).");
    text.AppendLine("- **Grain hop**: what the invoker asks of the per-function Orleans grain per invocation (a placement and a return), with no sandbox.");
    text.AppendLine("- **Bare Kestrel** (the baseline): an ASP.NET Core endpoint on loopback that echoes the same body, called the same way.");
    text.AppendLine();
    text.AppendLine("| path | p50 | p99 | |");
    text.AppendLine("|---|---|---|---|");
    text.AppendLine(Row("Lambda API over HTTP", sample.LambdaHttp, (http / bare).ToString("0.0", CultureInfo.InvariantCulture) + "× bare Kestrel"));
    text.AppendLine(Row("Invoker (no HTTP)", sample.Invoker, ""));
    text.AppendLine(Row("Grain hop (place + return)", sample.GrainHop, ""));
    text.AppendLine(Row("Bare Kestrel echo", sample.BareHttp, "baseline"));
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"- The platform adds {Ms(http - bare)} ms at the median to an HTTP round trip on this machine; the grain hop is {Ms(Stats.Percentile(sample.GrainHop, 50))} ms of it.");
    return text.ToString();
}

int Option(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Kumo.slnx")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("run Kumo.Bench from a build inside the Kumo repository");
}

static string Runc()
{
    using var process = Process.Start(new ProcessStartInfo("runc", "--version") { RedirectStandardOutput = true })!;
    var version = process.StandardOutput.ReadLine() ?? "runc";
    process.WaitForExit();
    return version;
}
