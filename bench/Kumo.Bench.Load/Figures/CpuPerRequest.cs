using Kumo.Bench.Load.Machine;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// CPU time per request during a load run, in ms: the server process itself, the processes below it by name (for
/// Kumo its sandboxes: <c>runc</c>, <c>kumo-init</c>, the runtime), and the load driver (the client).
/// </summary>
internal sealed record CpuPerRequest(double ServerMs, IReadOnlyDictionary<string, double> ChildrenMs, double DriverMs)
{
    public double ChildrenTotalMs => ChildrenMs.Values.Sum();

    public double TotalMs => ServerMs + ChildrenTotalMs + DriverMs;

    /// <summary>Snapshots the CPU used so far; <see cref="Snapshot.Per"/> turns two snapshots into a per-request cost.</summary>
    public static Snapshot Take(int serverPid) =>
        new(CpuTime.OfProcessMs(serverPid), CpuTime.OfDescendantsByNameMs(serverPid), CpuTime.OfProcessMs(Environment.ProcessId));

    internal sealed record Snapshot(double ServerMs, IReadOnlyDictionary<string, double> ChildrenMs, double DriverMs)
    {
        /// <summary>
        /// The CPU used between this snapshot and <paramref name="after"/> per request. A process below the server
        /// that started in between counts from zero; one that ended in between is not counted.
        /// </summary>
        public CpuPerRequest Per(Snapshot after, long requests)
        {
            var count = Math.Max(1, requests);
            var children = after.ChildrenMs.ToDictionary(c => c.Key, c => (c.Value - ChildrenMs.GetValueOrDefault(c.Key)) / count);
            return new CpuPerRequest((after.ServerMs - ServerMs) / count, children, (after.DriverMs - DriverMs) / count);
        }
    }
}
