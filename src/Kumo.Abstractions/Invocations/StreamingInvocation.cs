namespace Kumo.Abstractions.Invocations;

/// <summary>
/// A streaming invocation under way. Wait for <see cref="Started"/>: a content type means the function streams
/// and its bytes arrive on <see cref="Body"/> as it writes them; null means it answered without streaming (a
/// buffered result, an error before the first byte, or a refusal such as a throttle), and <see cref="Completion"/>
/// holds the whole answer. Either way <see cref="Completion"/> ends with the outcome, recorded with its log: for a
/// streamed answer its <see cref="InvokeResult.Payload"/> is empty, unless the function failed mid-stream, when
/// it is the error document.
/// </summary>
/// <param name="started">Completes with the streamed answer's content type, or null.</param>
/// <param name="body">The streamed bytes; empty when the function did not stream.</param>
/// <param name="completion">The outcome.</param>
public sealed class StreamingInvocation(Task<string?> started, Stream body, Task<InvokeResult> completion)
{
    /// <summary>Completes with the content type the function streams with, or with null when it did not stream.</summary>
    public Task<string?> Started { get; } = started;

    /// <summary>The answer's bytes as they arrive; it ends with the answer. Dispose it to stop reading.</summary>
    public Stream Body { get; } = body;

    /// <summary>The invocation's outcome, once it ended and was recorded.</summary>
    public Task<InvokeResult> Completion { get; } = completion;
}
