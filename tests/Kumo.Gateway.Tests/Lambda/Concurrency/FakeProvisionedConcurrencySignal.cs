using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda.Concurrency;

/// <summary>Counts how often the worker was told that provisioned concurrency settings changed.</summary>
internal sealed class FakeProvisionedConcurrencySignal : IProvisionedConcurrencySignal
{
    private int _changes;

    public int Changes => Volatile.Read(ref _changes);

    public void Changed() => Interlocked.Increment(ref _changes);
}
