using System.Text;
using Kumo.Bench.Load.Figures;
using static Kumo.Bench.Load.Report.Format;

namespace Kumo.Bench.Load.Report;

/// <summary>Figure 5 as Markdown.</summary>
internal static class IdleMemorySection
{
    public static void Write(StringBuilder text, BenchRun run)
    {
        text.AppendLine("## 5. Memory per idle warm sandbox");
        text.AppendLine();
        text.AppendLine(Invariant($"- Method: per runtime, {run.Settings.IdleSandboxes} overlapping invocations of one function ({IdleMemoryFigure.MemoryMb} MB) leave {run.Settings.IdleSandboxes} warm idle sandboxes; 2 s later each is measured: the runtime's processes inside it (PSS from `/proc/PID/smaps_rollup`), kumo-init (PID 1 inside), the host-side `runc run` process that stays as its parent (RSS, and PSS, which divides the pages the runc processes share among them), and its memory cgroup's usage (`memory.usage_in_bytes` on cgroup v1, `memory.current` on v2: includes page cache charged to it). Per sandbox also the Kumo server's RSS growth and the host's `MemAvailable` drop, divided by the count. Medians over the sandboxes, MB. On the pool-off server, so that only the function's sandboxes are new."));
        text.AppendLine(Invariant($"- Baseline: the same runtime as {run.Settings.IdleSandboxes} bare processes at once (so that both sides share the runtime's files among as many processes), each idle after loading the same handler and running it once (PSS)."));
        text.AppendLine("- Overhead beyond the runtime = kumo-init PSS + runc run PSS + the server's growth per sandbox + (runtime PSS in the sandbox − bare runtime PSS).");
        text.AppendLine();
        text.AppendLine(Invariant($"| runtime | sandboxes | bare runtime PSS | runtime PSS in sandbox | kumo-init PSS | runc run RSS (PSS) | Kumo server per sandbox | cgroup usage | MemAvailable drop per sandbox | overhead beyond the runtime | sandbox total (ratio to bare) | target (≤ {Targets.IdleOverheadMb:0} MB) |"));
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var result in run.Idle)
        {
            text.AppendLine(Invariant(
                $"| {result.Function.Label} | {result.Sandboxes} | {Mb(result.BarePssMb)} | {Mb(result.RuntimePssMb)} | {Mb(result.InitPssMb)} | {Mb(result.RuncRssMb)} ({Mb(result.RuncPssMb)}) | {Mb(result.ServerPerSandboxMb)} | {Mb(result.CgroupMb)} | {Mb(result.MemAvailablePerSandboxMb)} | {Mb(result.OverheadMb)} | {Mb(result.BarePssMb + result.OverheadMb)} ({Ratio((result.BarePssMb + result.OverheadMb) / result.BarePssMb)}) | {Targets.Verdict(result.OverheadMb <= Targets.IdleOverheadMb)} |"));
        }

        text.AppendLine();
        foreach (var result in run.Idle.Where(r => r.OverheadMb > Targets.IdleOverheadMb))
        {
            (string Part, double Mb)[] parts =
            [
                ("`runc run` (PSS)", result.RuncPssMb), ("kumo-init", result.InitPssMb), ("the Kumo server's growth", Math.Max(0, result.ServerPerSandboxMb)),
                ("the runtime's growth in the sandbox (Kumo's bootstrap, the Runtime API client)", result.RuntimePssMb - result.BarePssMb),
            ];
            text.AppendLine(Invariant($"- {result.Function.Label}: {Mb(result.OverheadMb)} MB against {Targets.IdleOverheadMb:0} MB: ")
                + string.Join(", ", parts.Where(p => p.Mb > 0.05).OrderByDescending(p => p.Mb).Select(p => Invariant($"{p.Part} {Mb(p.Mb)} MB"))) + ".");
        }

        text.AppendLine();
    }

    public static IEnumerable<(string Target, string Measured, string Verdict)> Summary(BenchRun run) =>
        run.Idle.Select(r => (Invariant($"idle overhead, {r.Function.Label}, ≤ {Targets.IdleOverheadMb:0} MB per sandbox"),
            Invariant($"{Mb(r.OverheadMb)} MB (of which runc run {Mb(r.RuncPssMb)}, kumo-init {Mb(r.InitPssMb)})"), Targets.Verdict(r.OverheadMb <= Targets.IdleOverheadMb)));
}
