namespace Kumo.Abstractions.Invocations;

/// <summary>
/// Runs invocations: admission (concurrency limits), placement on a warm or new sandbox, the run itself, and its
/// record and logs. Expected refusals come back as an <see cref="InvokeResult.Status"/>, not as exceptions.
/// </summary>
public interface IInvoker
{
    /// <summary>
    /// Runs one invocation and waits for its end. Once admitted, it runs to the end and is recorded even when
    /// <paramref name="cancellationToken"/> fires (a caller that went away); the token only stops the waiting.
    /// </summary>
    Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken);
}
