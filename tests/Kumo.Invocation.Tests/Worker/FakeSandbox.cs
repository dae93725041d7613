using Kumo.Sandbox;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>A sandbox that runs nothing and counts how often it was disposed.</summary>
internal sealed class FakeSandbox(string id, SandboxSpec spec) : ISandbox
{
    private int _disposals;

    public string Id { get; } = id;

    public SandboxSpec Spec { get; } = spec;

    public bool IsReusable { get; set; } = true;

    public int Disposals => Volatile.Read(ref _disposals);

    /// <summary>Called with the sandbox each time it is disposed (the driver keeps the order of removals).</summary>
    public Action<string>? OnDispose { get; set; }

    public Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the worker never invokes a sandbox");

    /// <summary>What <see cref="WaitInitializedAsync"/> answers: null (initialised) unless a test sets a failure.</summary>
    public string? InitFailure { get; set; }

    /// <summary>When set, <see cref="WaitInitializedAsync"/> waits for it (a test completes it to end the initialisation).</summary>
    public TaskCompletionSource<string?>? InitGate { get; set; }

    public Task<string?> WaitInitializedAsync(CancellationToken cancellationToken) =>
        InitGate is { } gate ? gate.Task.WaitAsync(cancellationToken) : Task.FromResult(InitFailure);

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposals);
        OnDispose?.Invoke(Id);
        return ValueTask.CompletedTask;
    }
}
