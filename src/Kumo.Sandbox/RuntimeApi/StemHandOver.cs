namespace Kumo.Sandbox.RuntimeApi;

/// <summary>
/// A stem cell's hand-over on the Runtime API (<c>GET /2018-06-01/runtime/kumo/specialization</c>): its bootstrap, or
/// kumo-init, waits on it until the host hands the function over, once. A second request, from anyone in the sandbox,
/// is refused; so is a request while the first still waits.
/// </summary>
internal sealed class StemHandOver
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]> _message = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claimed;

    /// <summary>Completes when the stem's request arrives: the stem is ready to be specialised.</summary>
    public Task Waiting => _waiting.Task;

    /// <summary>Completes when the waiting request went away before the hand-over: the stem can never get it.</summary>
    public Task Abandoned => _abandoned.Task;

    /// <summary>Whether the host has handed the function over (the code is mounted).</summary>
    public bool IsAnswered => _message.Task.IsCompleted;

    /// <summary>For the hand-over request: waits for the message; null when the hand-over was claimed before (a 409).</summary>
    public async Task<byte[]?> AwaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return null;
        }

        _waiting.TrySetResult();
        try
        {
            return await _message.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _abandoned.TrySetResult();
            throw;
        }
    }

    /// <summary>Hands the function over: answers the waiting request, or the one to come.</summary>
    /// <exception cref="InvalidOperationException">The function was handed over before.</exception>
    public void Answer(byte[] message)
    {
        if (!_message.TrySetResult(message))
        {
            throw new InvalidOperationException("the stem cell was specialised before");
        }
    }
}
