namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// The Lambda API tests share one real server and run one after another: the throttling and scale-out tests
/// measure the server, and the bad-package tests compare its packages folder before and after.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LambdaCollection : ICollectionFixture<LambdaServer>
{
    public const string Name = "Lambda API";
}
