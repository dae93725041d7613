using Kumo.Sandbox;
using Kumo.Sandbox.Invocations;

namespace Kumo.Invocation.Tests.Worker;

/// <summary>A sandbox that runs nothing and counts how often it was disposed.</summary>
internal sealed class FakeSandbox(string id, SandboxSpec spec) : ISandbox
{
    public string Id { get; } = id;

    public SandboxSpec Spec { get; } = spec;

    public bool IsReusable { get; set; } = true;

    public int Disposals { get; private set; }

    public Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the worker never invokes a sandbox");

    /// <summary>What <see cref="WaitInitializedAsync"/> answers: null (initialised) unless a test sets a failure.</summary>
    public string? InitFailure { get; set; }

    public Task<string?> WaitInitializedAsync(CancellationToken cancellationToken) => Task.FromResult(InitFailure);

    public ValueTask DisposeAsync()
    {
        Disposals++;
        return ValueTask.CompletedTask;
    }
}
