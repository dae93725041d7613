namespace Kumo.Abstractions.Invocations;

/// <summary>
/// Runs invocations whose answer is streamed to the caller as the function writes it (function URLs in
/// <c>RESPONSE_STREAM</c> mode, <c>InvokeWithResponseStream</c>), with the same admission, placement, limits and
/// records as <see cref="IInvoker"/>.
/// </summary>
public interface IStreamingInvoker
{
    /// <summary>
    /// Starts one invocation and returns at once; see <see cref="StreamingInvocation"/> for how its answer arrives.
    /// Once admitted, it runs to the end and is recorded even when <paramref name="cancellationToken"/> fires; the
    /// caller that stops reading disposes <see cref="StreamingInvocation.Body"/>.
    /// </summary>
    StreamingInvocation InvokeStreaming(InvokeRequest request, CancellationToken cancellationToken);
}
