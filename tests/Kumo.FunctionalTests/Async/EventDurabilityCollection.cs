namespace Kumo.FunctionalTests.Async;

/// <summary>
/// The durability tests load the machine with a thousand events and kill servers with SIGKILL: they run alone,
/// after every other collection, so that they neither slow down nor are slowed down by the timing tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EventDurabilityCollection
{
    public const string Name = "Event durability";
}
