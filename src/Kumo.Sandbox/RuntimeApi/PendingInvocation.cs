using System.Diagnostics;
using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>An invocation handed to a sandbox, waiting for the runtime's answer.</summary>
internal sealed class PendingInvocation(InvocationRequest request, DateTimeOffset deadline, string functionArn)
{
    private readonly TaskCompletionSource<RuntimeOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _startedAt;

    public InvocationRequest Request { get; } = request;

    public DateTimeOffset Deadline { get; } = deadline;

    public string FunctionArn { get; } = functionArn;

    public Task<RuntimeOutcome> Outcome => _outcome.Task;

    /// <summary>When the runtime took the invocation (a <see cref="Stopwatch"/> timestamp), or 0 before.</summary>
    public long StartedAt => Interlocked.Read(ref _startedAt);

    public void Started() => Interlocked.CompareExchange(ref _startedAt, Stopwatch.GetTimestamp(), 0);

    public bool TryComplete(RuntimeOutcome outcome) => _outcome.TrySetResult(outcome);
}
