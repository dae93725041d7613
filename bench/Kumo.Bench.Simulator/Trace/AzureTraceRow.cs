namespace Kumo.Bench.Simulator.Trace;

/// <summary>One function of the Azure trace while its day files are read: its trigger and its counts so far.</summary>
/// <param name="Trigger">Its trigger group, from the first day it appears.</param>
internal sealed record AzureTraceRow(Trigger Trigger)
{
    /// <summary>Its counts so far, day after day.</summary>
    public MinuteCountsBuilder Counts { get; } = new();
}
