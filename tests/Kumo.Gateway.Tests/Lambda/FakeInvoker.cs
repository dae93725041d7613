using System.Collections.Concurrent;
using Kumo.Abstractions.Invocations;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>An invoker that records each request and answers as the test says; a streaming invocation answers without streaming.</summary>
internal sealed class FakeInvoker : IInvoker, IStreamingInvoker
{
    public ConcurrentQueue<InvokeRequest> Requests { get; } = new();

    public Func<InvokeRequest, InvokeResult> Answer { get; set; } = request => new InvokeResult
    {
        Status = InvokeStatus.Completed,
        RequestId = "6bc28136-a7a2-4a0b-9d57-2b5f9b2b3c01",
        Payload = request.Payload.ToArray(),
    };

    public Task<InvokeResult> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult(Answer(request));
    }

    public StreamingInvocation InvokeStreaming(InvokeRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return new StreamingInvocation(Task.FromResult<string?>(null), Stream.Null, Task.FromResult(Answer(request)));
    }
}
