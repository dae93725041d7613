using System.Globalization;
using Kumo.Bench.Load.Bare;
using Kumo.Bench.Load.Machine;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Figure 5: memory per idle warm sandbox beyond the runtime's own. Per runtime, K overlapping invocations leave K
/// warm idle sandboxes; for each: the runtime's PSS (<c>/proc/PID/smaps_rollup</c>, its processes inside the
/// sandbox), kumo-init's PSS, the host-side <c>runc run</c> process (RSS and PSS), the sandbox's cgroup usage; and
/// per sandbox the growth of the Kumo server's RSS and the fall of the host's MemAvailable. The baseline is the
/// same runtime as K bare processes at once, idle after loading the handler and running it once.
/// </summary>
internal static class IdleMemoryFigure
{
    public const int MemoryMb = 128;
    private static readonly byte[] Hold = """{"sleepMs":1000}"""u8.ToArray();
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<IdleMemoryResult>> RunAsync(KumoServer server, IReadOnlyList<BenchFunction> functions, BenchSettings settings)
    {
        var results = new List<IdleMemoryResult>();
        foreach (var function in functions)
        {
            // As many bare processes at once as there will be sandboxes, so that both sides share the runtime's
            // files (its binary, its libraries, the handler) among the same number of processes.
            var harnesses = await Task.WhenAll(Enumerable.Range(0, settings.IdleSandboxes).Select(_ => BareProcess.StartedAsync(function.BareHandler)));
            await Task.Delay(Settle);
            var bare = harnesses.Select(h => TreePssKb(h.ProcessId) / 1024.0).ToList();
            foreach (var harness in harnesses)
            {
                await harness.DisposeAsync();
            }

            var name = $"idle-{function.Key}";
            var before = Sandboxes(server.ProcessId);
            var availableBefore = MemInfo.Read("MemAvailable");
            var serverBefore = server.RssKb;
            await server.Client.CreateFunctionAsync(name, function, MemoryMb);
            await Task.WhenAll(Enumerable.Range(0, settings.IdleSandboxes).Select(_ => server.Client.InvokeAsync(name, Hold)));
            await Task.Delay(Settle);
            var sandboxes = Sandboxes(server.ProcessId).Except(before).Select(Measure).ToList();
            var count = Math.Max(1, sandboxes.Count);
            var result = new IdleMemoryResult(
                function,
                sandboxes.Count,
                Stats.Median(bare),
                Stats.Median(sandboxes.Select(s => s.RuntimePssMb)),
                Stats.Median(sandboxes.Select(s => s.InitPssMb)),
                Stats.Median(sandboxes.Select(s => s.RuncRssMb)),
                Stats.Median(sandboxes.Select(s => s.RuncPssMb)),
                Stats.Median(sandboxes.Select(s => s.CgroupMb)),
                (server.RssKb - serverBefore) / 1024.0 / count,
                (availableBefore - MemInfo.Read("MemAvailable")) / 1024.0 / count);
            results.Add(result);
            await server.Client.DeleteFunctionAsync(name);
            await WaitGoneAsync(sandboxes.Select(s => s.RuncPid));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  figure 5, {function.Label}: {sandboxes.Count} sandboxes, overhead {result.OverheadMb:0.0} MB per sandbox (bare runtime {result.BarePssMb:0.0} MB)"));
        }

        return results;
    }

    /// <summary>The <c>runc run</c> processes the server started: one per sandbox.</summary>
    private static HashSet<int> Sandboxes(int serverPid) =>
        [.. ProcessTree.Children(serverPid).Where(pid => ProcessTree.CommandLine(pid) is var command && command.Contains("runc", StringComparison.Ordinal) && command.Contains(" run ", StringComparison.Ordinal))];

    private static SandboxMemory Measure(int runcPid)
    {
        var init = ProcessTree.Children(runcPid).FirstOrDefault();
        var runtimePss = init == 0 ? 0 : ProcessTree.Descendants(init).Sum(p => MemInfo.PssKb(p) ?? 0);
        return new SandboxMemory(
            runcPid,
            runtimePss / 1024.0,
            (init == 0 ? 0 : MemInfo.PssKb(init) ?? 0) / 1024.0,
            (MemInfo.RssKb(runcPid) ?? 0) / 1024.0,
            (MemInfo.PssKb(runcPid) ?? 0) / 1024.0,
            init == 0 ? double.NaN : CgroupUsageMb(init));
    }

    private static long TreePssKb(int pid) => ProcessTree.Descendants(pid).Prepend(pid).Sum(p => MemInfo.PssKb(p) ?? 0);

    /// <summary>The memory usage of a process's cgroup: <c>memory.usage_in_bytes</c> (v1) or <c>memory.current</c> (v2).</summary>
    private static double CgroupUsageMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (MachineInfo.IsCgroupV2 && parts[0] == "0")
            {
                return ReadBytes($"/sys/fs/cgroup{parts[2]}/memory.current");
            }

            if (!MachineInfo.IsCgroupV2 && parts[1].Split(',').Contains("memory"))
            {
                return ReadBytes($"/sys/fs/cgroup/memory{parts[2]}/memory.usage_in_bytes");
            }
        }

        return double.NaN;
    }

    private static double ReadBytes(string file) =>
        File.Exists(file) ? long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture) / 1024.0 / 1024.0 : double.NaN;

    private static async Task WaitGoneAsync(IEnumerable<int> pids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (pids.Any(p => Directory.Exists($"/proc/{p}")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private sealed record SandboxMemory(int RuncPid, double RuntimePssMb, double InitPssMb, double RuncRssMb, double RuncPssMb, double CgroupMb);
}

/// <summary>Figure 5 for one runtime: medians over its idle sandboxes, in MB, against the bare runtime's PSS.</summary>
internal sealed record IdleMemoryResult(
    BenchFunction Function, int Sandboxes, double BarePssMb, double RuntimePssMb, double InitPssMb, double RuncRssMb, double RuncPssMb,
    double CgroupMb, double ServerPerSandboxMb, double MemAvailablePerSandboxMb)
{
    /// <summary>What a sandbox costs beyond the bare runtime: kumo-init, runc run (PSS, so shared pages count once), Kumo's own share, and the runtime's growth inside the sandbox.</summary>
    public double OverheadMb => InitPssMb + RuncPssMb + Math.Max(0, ServerPerSandboxMb) + (RuntimePssMb - BarePssMb);
}
