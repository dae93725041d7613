namespace Kumo.Invocation.Placement;

/// <summary>Where an invocation runs.</summary>
[GenerateSerializer]
internal enum PlacementKind
{
    /// <summary>On the idle warm sandbox named in the decision.</summary>
    Warm,

    /// <summary>On a new sandbox.</summary>
    Cold,

    /// <summary>Nowhere: the function is at its reserved concurrency.</summary>
    Throttled,
}
