namespace Kumo.Invocation.Events;

/// <summary>Set once start-up opened storage and recovered the events a previous process left running.</summary>
internal sealed class EventQueueReady
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WhenReady => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();
}
