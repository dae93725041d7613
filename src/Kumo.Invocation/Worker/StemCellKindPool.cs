using Kumo.Sandbox.Stems;

namespace Kumo.Invocation.Worker;

/// <summary>The stems of one kind and what sizes them; <see cref="StemCellPool"/> holds its lock around every use.</summary>
internal sealed class StemCellKindPool(StemCellKind kind, PoolSizer sizer)
{
    public StemCellKind Kind { get; } = kind;

    public PoolSizer Sizer { get; } = sizer;

    /// <summary>Stems that became ready, oldest first.</summary>
    public List<IStemCell> Ready { get; } = [];

    /// <summary>How many stems are starting.</summary>
    public int Starting { get; set; }

    /// <summary>Since when the pool has held more than its target; null while it does not.</summary>
    public DateTimeOffset? SurplusSince { get; set; }

    /// <summary>No stem of this kind is started before this time (the last one failed).</summary>
    public DateTimeOffset BlockedUntil { get; set; }

    /// <summary>How many specialisations of this kind failed in a row.</summary>
    public int SpecializeFailures { get; set; }

    /// <summary>No stem of this kind is taken or started before this time (its specialisations kept failing).</summary>
    public DateTimeOffset TakeBlockedUntil { get; set; }

    /// <summary>How many ready stems are still available (not dead).</summary>
    public int Available => Ready.Count(s => s.IsAvailable);
}
