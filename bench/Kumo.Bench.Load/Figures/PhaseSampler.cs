using System.Collections.Concurrent;
using Kumo.Bench.Load.Platform;
using Kumo.Bench.Load.Report;

namespace Kumo.Bench.Load.Figures;

/// <summary>
/// Sends through a Kumo target while keeping the last requests' ids and the driver's send and receive times, so
/// that their records' phases can be read after the run.
/// </summary>
internal sealed class PhaseSampler(HttpTarget target, int keep = 200)
{
    private readonly ConcurrentQueue<(double Sent, double Done, string Id)> _last = new();

    public async Task SendAsync()
    {
        var sent = Clock.NowMs();
        var id = await target.SendWithIdAsync();
        _last.Enqueue((sent, Clock.NowMs(), id));
        while (_last.Count > keep && _last.TryDequeue(out _))
        {
            // Only the last ones are kept.
        }
    }

    /// <summary>The kept requests with their records (those whose record is found).</summary>
    public async Task<IReadOnlyList<PhaseSample>> SamplesAsync(KumoClient client)
    {
        var samples = new List<PhaseSample>();
        foreach (var (sent, done, id) in _last)
        {
            if (await client.GetRecordAsync(id) is { } record)
            {
                samples.Add(new PhaseSample(sent, done, record));
            }
        }

        return samples;
    }
}
