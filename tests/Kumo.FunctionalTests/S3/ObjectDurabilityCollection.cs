namespace Kumo.FunctionalTests.S3;

/// <summary>
/// The object durability test pushes a few hundred megabytes through a server and kills it with SIGKILL: it runs
/// alone, after the collections that run in parallel, so that it neither slows down nor is slowed down by the
/// timing tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObjectDurabilityCollection
{
    public const string Name = "Object durability";
}
