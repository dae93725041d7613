using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>An invocation handed to a sandbox, waiting for the runtime's answer.</summary>
internal sealed class PendingInvocation(InvocationRequest request, DateTimeOffset deadline, string functionArn)
{
    private readonly TaskCompletionSource<RuntimeOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InvocationRequest Request { get; } = request;

    public DateTimeOffset Deadline { get; } = deadline;

    public string FunctionArn { get; } = functionArn;

    public Task<RuntimeOutcome> Outcome => _outcome.Task;

    public bool TryComplete(RuntimeOutcome outcome) => _outcome.TrySetResult(outcome);
}
