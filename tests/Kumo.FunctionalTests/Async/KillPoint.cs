namespace Kumo.FunctionalTests.Async;

/// <summary>When a durability test kills the server: after so many events were accepted, or after so many runs were recorded.</summary>
internal sealed record KillPoint(int? Accepted, int? Records)
{
    public static KillPoint AfterAccepted(int count) => new(count, null);

    public static KillPoint AfterRecords(int count) => new(null, count);

    public override string ToString() => Accepted is { } accepted ? $"after {accepted} accepted" : $"after {Records} recorded runs";
}
