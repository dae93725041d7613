namespace Kumo.FunctionalTests.Async;

/// <summary>An event that was not accepted: the server's answer when it gave one (<paramref name="Status"/>), or why the call failed.</summary>
internal sealed record EventRefusal(int Index, int? Status, string Reason)
{
    public override string ToString() => Status is { } status ? $"event {Index}: HTTP {status} {Reason}" : $"event {Index}: {Reason}";
}
