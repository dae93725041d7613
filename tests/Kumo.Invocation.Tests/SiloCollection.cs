namespace Kumo.Invocation.Tests;

/// <summary>The tests that share one <see cref="SiloFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "Silo";
}
