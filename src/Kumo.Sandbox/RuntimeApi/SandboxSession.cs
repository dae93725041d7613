using System.Threading.Channels;
using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// The Runtime API's view of one sandbox: the invocation waiting for the runtime's <c>/next</c>, the one in
/// progress, and whether the runtime has initialised or reported an init error. One invocation at a time,
/// as on Lambda.
/// </summary>
internal sealed class SandboxSession(string sandboxId)
{
    private readonly Channel<PendingInvocation> _waiting = Channel.CreateBounded<PendingInvocation>(1);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RuntimeOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PendingInvocation? _current;

    public string SandboxId { get; } = sandboxId;

    /// <summary>Completes at the runtime's first <c>/next</c>: it has loaded the handler and waits for work.</summary>
    public Task Initialized => _initialized.Task;

    /// <summary>Completes when the runtime posts <c>/init/error</c>.</summary>
    public Task<RuntimeOutcome> InitError => _initError.Task;

    /// <summary>Hands an invocation to the runtime; the returned task completes with the runtime's answer.</summary>
    public PendingInvocation Submit(InvocationRequest request, DateTimeOffset deadline, string functionArn)
    {
        var pending = new PendingInvocation(request, deadline, functionArn);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException($"sandbox {SandboxId} already has an invocation waiting");
        }

        return pending;
    }

    /// <summary>For <c>GET /next</c>: waits for the next invocation.</summary>
    public async Task<PendingInvocation> NextAsync(CancellationToken cancellationToken)
    {
        _initialized.TrySetResult();
        var next = await _waiting.Reader.ReadAsync(cancellationToken);
        Volatile.Write(ref _current, next);
        next.Started();
        return next;
    }

    /// <summary>For <c>/response</c> and <c>/error</c>: completes the invocation with that id, if it is the current one.</summary>
    public bool TryComplete(string requestId, RuntimeOutcome outcome)
    {
        var current = Volatile.Read(ref _current);
        if (current is null || current.Request.RequestId != requestId)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _current, null, current);
        return current.TryComplete(outcome);
    }

    /// <summary>For <c>/init/error</c>.</summary>
    public void ReportInitError(RuntimeOutcome outcome) => _initError.TrySetResult(outcome);

    /// <summary>The invocation the runtime is working on, if any.</summary>
    public PendingInvocation? Current => Volatile.Read(ref _current);
}
