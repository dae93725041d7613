namespace Kumo.Server.Tests;

/// <summary>
/// Tests that start whole servers run one at a time: each server has its own Orleans silo, sandboxes and
/// dispatcher, and several at once in one test process starve each other on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection
{
    public const string Name = "servers";
}
