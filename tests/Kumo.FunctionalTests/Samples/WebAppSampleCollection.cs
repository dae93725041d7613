namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// The tests of samples/webapp run one after another: each class has a server of its own, and a headless Chromium
/// beside two servers is more than a small machine should be asked to run at once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebAppSampleCollection
{
    public const string Name = "webapp sample";
}
